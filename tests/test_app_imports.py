"""What a server process loads before anyone opens Compare or imports a document.

Every app process (one per replica) pays for what its modules import, for its whole life:
pypinyin's dictionaries (some 56 MB) and jieba's are needed only to build the boundary cache
or romanise an imported title, altair (26 MB) only on the Compare tab, matplotlib only to
draw a print or shade the relief (a fifth of a second of a cold start), openpyxl only to
write a workbook, Alembic (and its Mako templates) only to migrate the workspace database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LATER = ("pypinyin", "jieba", "altair", "matplotlib", "openpyxl", "alembic", "mako")
_PROBE = (
    "import sys\n"
    "import ui.data, ui.map, ui.importer, ui.workspace, ui.factsheet, ui.sources, ui.state\n"
    f"print(' '.join(sorted(m for m in {_LATER!r} if m in sys.modules)))\n"
    "from workspace import Store\n"
    "print(len(Store(sys.argv[1]).list_drafts()), 'alembic' in sys.modules)\n"
)
"""Imports the app's modules, then reads a migrated store (what a server's first run does)."""


def test_the_map_page_loads_neither_the_romaniser_nor_the_charts(tmp_path: Path) -> None:
    from workspace import Store

    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    Store(url).list_drafts()  # a new database: migrated here, once
    result = subprocess.run([sys.executable, "-c", _PROBE, url], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    later, store = result.stdout.splitlines()
    assert later == "", later
    assert store.split() == ["0", "False"], result.stdout  # at the newest schema: no Alembic
