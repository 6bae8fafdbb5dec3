"""Command line of the map layers: ``python -m layers print …`` (the print export).

``python -m layers print --document ID --industry ID [--industry ID …] [--city NAME]
--lang zh|en --format pdf|png|svg --out DIR`` writes one A4 map sheet into ``DIR``. The
output folder is checked before anything is drawn; every refusal is one line on stderr and
exit status 1, never a traceback. File names come from ids, never from typed text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import geodata
from layers._errors import LayersError
from layers.files import write_atomic
from layers.overlays import OVERLAYS
from layers.print_files import FORMATS, print_file_name
from layers.printing import print_map
from layers.tables import Boundaries
from layers.view import MapView
from layout_rules import DEFAULT_DOCUMENT, LayoutRulesError, Rules, load_rules, prefecture_of


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m layers", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    printing = commands.add_parser("print", help="write a view as an A4 map sheet")
    printing.add_argument("--document", default=DEFAULT_DOCUMENT, help="document id")
    printing.add_argument("--industry", action="append", required=True,
                          help="industry id of the document; repeat for several")  # fmt: skip
    printing.add_argument("--city", help="selected city (成都, Chengdu, 510100, 仁寿县 …)")
    printing.add_argument("--lang", choices=("zh", "en"), default="zh")
    printing.add_argument("--format", choices=FORMATS, default="pdf")
    known = ",".join(OVERLAYS)
    printing.add_argument("--overlays", default=known, help=f"comma-separated, of {known}")
    printing.add_argument("--counties", action="store_true",
                          help="draw the selected city's counties")  # fmt: skip
    printing.add_argument("--rules", type=Path, help="folder of rule YAML files (default: shipped)")
    printing.add_argument("--out", required=True, type=Path, help="output folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 written, 1 refused or failed, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        check_out(args.out)
        path = _print(args)
    except (LayersError, LayoutRulesError, geodata.GeodataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


def check_out(folder: Path) -> None:
    """Refuse an output folder that is a file or cannot be created or written, before drawing.

    Raises
    ------
    LayersError
        Naming the folder and the reason.
    """
    if folder.exists() and not folder.is_dir():
        msg = f"--out {folder}: not a folder"
        raise LayersError(msg)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        msg = f"--out {folder}: cannot create the folder ({error.strerror or error})"
        raise LayersError(msg) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        msg = f"--out {folder}: the folder is not writable"
        raise LayersError(msg)


def view_of(args: argparse.Namespace, rules: Rules) -> MapView:
    """Return the view the arguments ask for (the city lifted to its prefecture)."""
    rules.document(args.document)
    overlays = tuple(o for o in args.overlays.split(",") if o)
    unknown = [o for o in overlays if o not in OVERLAYS]
    if unknown:
        msg = f"unknown overlay {', '.join(unknown)}; known: {', '.join(OVERLAYS)}"
        raise LayersError(msg)
    city = None
    if args.city:
        city = prefecture_of(geodata.resolve(args.city))
        if city is None:
            msg = f"--city {args.city!r} is not a place inside one of Sichuan's prefectures"
            raise LayersError(msg)
    industries = tuple(dict.fromkeys(args.industry))
    return MapView(document=args.document, industries=industries, city=city, lang=args.lang,
                   overlays=overlays, counties=args.counties)  # fmt: skip


def _print(args: argparse.Namespace) -> Path:
    rules = load_rules(args.rules)
    view = view_of(args, rules)
    boundaries = Boundaries(
        province=geodata.load_province(variant="web"),
        prefectures=geodata.load_prefectures(variant="web"),
        counties=geodata.load_counties(variant="web"),
    )
    content = print_map(rules, view, boundaries, fmt=args.format, drawn_on=dt.date.today())
    return write_atomic(args.out / print_file_name(view, args.format), content)


if __name__ == "__main__":
    sys.exit(main())
