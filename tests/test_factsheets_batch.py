"""The 21-city batch, rendered once and checked twice: the CLI's ``--all`` and the tab's button.

``python -m factsheets --all --format both --zip`` runs once per worker as a real subprocess
(the one subprocess test of the fact-sheet CLI; a fresh process forks its render workers
from a small heap, much faster than the test process would). The tab's batch button then
asks ``render_all`` for the same batch (all 21 sheets of the default document, dated today,
both formats, Chinese) and is handed the CLI's files, with its progress calls replayed; a
call for any other batch renders for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import factsheets.export
import ui.factsheet
from factsheets import FactSheet, all_sheets, find_cjk_font
from factsheets.export import FORMATS, Progress, check_formats
from layout_rules import DEFAULT_DOCUMENT, Rules
from tests.test_factsheets_ui import ROOT, SCRIPT, _downloads

pytestmark = [
    pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed"),
    pytest.mark.cost(22),  # seconds; the costliest files run first (conftest.py)
]
MAX_PDF_BYTES = 1_500_000


@pytest.fixture(scope="module")
def cli_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """Run ``python -m factsheets --all --format both --zip`` once; return status, streams, out."""
    out = tmp_path_factory.mktemp("batch")
    result = subprocess.run(
        [sys.executable, "-m", "factsheets", "--all", "--format", "both", "--zip",
         "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=900, check=False,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr, out


@pytest.fixture
def rendered_by_the_cli(
    cli_batch: tuple[int, str, str, Path], rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hand the tab the CLI's files when it asks ``render_all`` for the same batch."""
    status, _, err, out = cli_batch
    assert status == 0, err
    (archive,) = out.iterdir()
    with zipfile.ZipFile(archive) as opened:
        files = {name: opened.read(name) for name in opened.namelist()}
    same = (tuple(all_sheets(rules, document=DEFAULT_DOCUMENT)), FORMATS, "zh")
    real = factsheets.export.render_all

    def render_all(sheets: Sequence[FactSheet], **options: Any) -> dict[str, bytes]:
        key = (tuple(sheets), check_formats(options.get("formats", FORMATS)),
               options.get("lang", "zh"))  # fmt: skip
        if key != same:
            return real(sheets, **options)
        progress: Progress | None = options.get("progress")
        for done, sheet in enumerate(sheets, start=1):
            if progress is not None:
                progress(done, len(sheets), sheet)
        return dict(files)

    monkeypatch.setattr(ui.factsheet, "render_all", render_all)


def _in_adcode_order(files: list[str]) -> list[str]:
    return sorted(files, key=lambda name: (name[:6], name.endswith(".pdf")))


def test_cli_all_writes_21_html_and_21_pdf_as_one_zip(
    cli_batch: tuple[int, str, str, Path], rules: Rules
) -> None:
    status, stdout, stderr, out = cli_batch
    assert status == 0, stderr
    (archive,) = out.iterdir()
    assert archive.name == f"sichuan-fact-sheets-{rules.data_version}.zip"
    assert stdout.splitlines() == [str(archive)]
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert opened.testzip() is None
        assert "成都市" in opened.read("510100-chengdu.html").decode("utf-8")
        pdfs = [opened.read(name) for name in names if name.endswith(".pdf")]
    assert len([name for name in names if name.endswith(".html")]) == 21
    assert len(pdfs) == 21 and len(names) == 42
    assert names == _in_adcode_order(names)
    assert all(pdf.startswith(b"%PDF-") and len(pdf) <= MAX_PDF_BYTES for pdf in pdfs)


def test_batch_button_builds_a_zip_of_21_html_and_21_pdf(rendered_by_the_cli: None) -> None:
    app = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=120)
    app.session_state["city"] = "510100"
    app.run()
    app.button(key="w_fs_batch").click().run(timeout=300)
    assert not app.exception and not app.error
    assert "下载 ZIP" in _downloads(app)
    (bar,) = app.get("progress")
    assert bar.proto.value == 100
    _, archive = app.session_state["factsheet_zip"]
    with zipfile.ZipFile(BytesIO(archive)) as opened:
        names = opened.namelist()
        assert opened.testzip() is None
        pdfs = [opened.read(name) for name in names if name.endswith(".pdf")]
    assert len([name for name in names if name.endswith(".html")]) == 21
    assert len(pdfs) == 21 and all(pdf.startswith(b"%PDF-") for pdf in pdfs)
