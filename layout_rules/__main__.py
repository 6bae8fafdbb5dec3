"""Command line: ``check`` validates rule files, ``extract`` proposes a document's statements.

``python -m layout_rules check [PATH]`` validates a folder of rule files;
``python -m layout_rules extract FILE [--id ID] [--out DIR] [--format json]`` proposes the
statements of a new document (see :mod:`layout_rules.extract`).

Exit status 0 and a one-line summary when the rules are valid; exit status 1 and one line per
problem (``file: entry: reason``) when they are not. Never a traceback for bad data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from layout_rules._errors import LayoutRulesError
from layout_rules.load import DATA_DIR, load_rules
from layout_rules.rules import Rules


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m layout_rules", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a folder of layout-rule YAML files")
    check.add_argument("path", nargs="?", type=Path, default=DATA_DIR, help="rules folder")
    check.add_argument("--sources", type=Path, help="folder of source texts (default: ../sources)")
    extract = commands.add_parser("extract", help="propose the statements of a new document")
    extract.add_argument("file", type=Path, help=".txt, .pdf, .docx or .html")
    extract.add_argument("--id", help="document id (default: from the file name)")
    extract.add_argument("--out", type=Path, help="write a draft rules folder here")
    extract.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    if args.command == "extract":
        from layout_rules.extract.cli import run

        return run(args.file, doc_id=args.id, out=args.out, as_json=args.format == "json")
    try:
        rules = load_rules(args.path, sources=args.sources)
    except LayoutRulesError as error:
        for problem in error.problems:
            print(problem)
        print(f"FAILED: {len(error.problems)} problem(s) in {args.path}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:  # GeodataError is a ValueError
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(summary(rules))
    return 0


def counts(rules: Rules) -> dict[str, int]:
    """Return how many of each kind of record a valid folder holds, by kind.

    Counted once here; the command line writes them in English (:func:`summary`), the app in
    the page's language (the ``workspace.check_ok`` word, one field per kind).
    """
    docs = rules.documents.values()
    return {
        "documents": len(rules.documents),
        "industries": sum(len(doc.industries) for doc in docs),
        "layouts": sum(industry.layout is not None for doc in docs for industry in doc.industries),
        "clusters": sum(len(doc.clusters) for doc in docs),
        "parks": sum(len(doc.parks) for doc in docs),
        "corridors": sum(len(doc.corridors) for doc in docs),
        "crosswalk_links": len(rules.crosswalk.links) if rules.crosswalk else 0,
    }


def summary(rules: Rules) -> str:
    """Return the one-line count of what a valid folder holds (the command line's output)."""
    text = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts(rules).items())
    return f"OK: {text} (data version {rules.data_version})"


if __name__ == "__main__":
    sys.exit(main())
