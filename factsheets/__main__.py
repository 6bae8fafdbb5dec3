"""Command line: ``python -m factsheets 成都 --format pdf --out DIR`` or ``--all --out DIR``.

Names resolve through the gazetteer (成都, 成都市, Chengdu, 510100); an unknown name exits
with status 1 and the nearest known names. File names come from the resolved adcode, never
from the typed name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from factsheets._errors import FactSheetError
from factsheets.content import city_of
from factsheets.export import DEFAULT_WORKERS, FORMATS, BatchInterrupted, export_all
from layout_rules import DEFAULT_DOCUMENT, LayoutRulesError, load_rules
from words import SOURCE_LANGUAGE, languages

_FORMAT_CHOICES = {"html": ("html",), "pdf": ("pdf",), "both": FORMATS}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m factsheets",
        description="Export fact sheets of Sichuan's prefectures as HTML and/or PDF.",
    )
    parser.add_argument("cities", nargs="*", help="city names or adcodes (成都, Chengdu, 510100)")
    parser.add_argument("--all", action="store_true", help="export all 21 prefectures")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--format", choices=sorted(_FORMAT_CHOICES), default="both")
    parser.add_argument("--zip", action="store_true", help="write one ZIP instead of files")
    parser.add_argument("--lang", choices=languages(), default=SOURCE_LANGUAGE)
    parser.add_argument("--document", default=DEFAULT_DOCUMENT, help="primary document id")
    parser.add_argument("--rules", type=Path, help="folder of rule YAML files (default: shipped)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 written, 1 refused or failed, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.all == bool(args.cities):
        parser.error("name one or more cities, or give --all (not both)")
    try:
        written = _export(args)
    except (FactSheetError, LayoutRulesError, OSError, ValueError) as error:
        # ValueError covers GeodataError (a place table that cannot be had)
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, BatchInterrupted):
        print("interrupted: the workers were stopped; no partial file was left", file=sys.stderr)
        return 130
    for path in written:
        print(path)
    return 0


def _export(args: argparse.Namespace) -> list[Path]:
    rules = load_rules(args.rules)
    cities = None if args.all else [city_of(name) for name in args.cities]
    return export_all(
        rules,
        args.out,
        cities=cities,
        formats=_FORMAT_CHOICES[args.format],
        lang=args.lang,
        document=args.document,
        workers=args.workers,
        as_zip=args.zip,
    )


if __name__ == "__main__":
    sys.exit(main())
