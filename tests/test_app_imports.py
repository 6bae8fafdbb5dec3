"""What a server process loads before anyone opens Compare or imports a document.

Every app process (one per replica) pays for what its modules import, for its whole life:
pypinyin's dictionaries (some 56 MB) and jieba's are needed only to build the boundary cache
or romanise an imported title, altair (26 MB) only on the Compare tab, matplotlib only to
draw a print or shade the relief (a fifth of a second of a cold start).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LATER = ("pypinyin", "jieba", "altair", "matplotlib")
_PROBE = (
    "import sys\n"
    "import ui.data, ui.map, ui.importer, ui.workspace, ui.factsheet, ui.sources, ui.state\n"
    f"print(' '.join(sorted(m for m in {_LATER!r} if m in sys.modules)))\n"
)


def test_the_map_page_loads_neither_the_romaniser_nor_the_charts() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    assert result.stdout.strip() == "", result.stdout
