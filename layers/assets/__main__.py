"""``python -m layers.assets install [TARGET]``: copy the map's assets into ``static/vendor``.

Without a TARGET it also writes the boundary shape files, when missing or stale, into
``static/shapes`` (:mod:`layers.shape_files`), from the boundary cache (built first if missing).
"""

from __future__ import annotations

import sys
from pathlib import Path

from layers._errors import LayersError
from layers.assets import install
from layers.shape_files import SHAPES_DIR, ensure_shape_files


def main(argv: list[str]) -> int:
    """``python -m layers.assets install [TARGET]``: copy the assets, print what was written."""
    if not argv or argv[0] != "install":
        print("usage: python -m layers.assets install [TARGET]", file=sys.stderr)
        return 2
    target = Path(argv[1]) if len(argv) > 1 else None
    try:
        written = install(target)
        if target is None:
            written += [SHAPES_DIR / name for name in ensure_shape_files().values()]
    except LayersError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
