"""The 21-city batch, rendered once and checked twice: the CLI's ``--all`` and the tab's button.

Both hand ``render_all`` equal sheets (all 21 of the default document, dated today) in both
formats and Chinese. The ``render_once`` fixture renders them for real the first time (in the
process pool) and hands the same files to the second caller, replaying its progress calls;
a call with other sheets, formats or language renders for real.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import factsheets.export
import ui.factsheet
from factsheets import FactSheet, find_cjk_font
from factsheets.__main__ import main
from factsheets.export import DEFAULT_WORKERS, FORMATS, Progress, check_formats
from layout_rules import Rules
from tests.test_factsheets_ui import ROOT, SCRIPT, _downloads

pytestmark = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
MAX_PDF_BYTES = 1_500_000

_Key = tuple[tuple[FactSheet, ...], tuple[str, ...], str]
_RENDERED: list[tuple[_Key, dict[str, bytes]]] = []
"""Batches rendered in this worker: (sheets, formats, language) and the files."""


@pytest.fixture
def render_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render each distinct batch once per worker (the CLI and the tab call ``render_all``)."""
    real = factsheets.export.render_all

    def render_all(
        sheets: Sequence[FactSheet],
        *,
        formats: Sequence[str] = FORMATS,
        lang: str = "zh",
        workers: int = DEFAULT_WORKERS,
        progress: Progress | None = None,
    ) -> dict[str, bytes]:
        key = (tuple(sheets), check_formats(formats), lang)
        for seen, files in _RENDERED:
            if seen == key:
                for done, sheet in enumerate(sheets, start=1):
                    if progress is not None:
                        progress(done, len(sheets), sheet)
                return dict(files)
        files = real(sheets, formats=formats, lang=lang, workers=workers, progress=progress)
        _RENDERED.append((key, files))
        return files

    monkeypatch.setattr(factsheets.export, "render_all", render_all)
    monkeypatch.setattr(ui.factsheet, "render_all", render_all)


def _in_adcode_order(files: list[str]) -> list[str]:
    return sorted(files, key=lambda name: (name[:6], name.endswith(".pdf")))


def test_cli_all_writes_21_html_and_21_pdf_as_one_zip(
    tmp_path: Path, rules: Rules, capsys: pytest.CaptureFixture[str], render_once: None
) -> None:
    status = main(["--all", "--format", "both", "--zip", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    (archive,) = tmp_path.iterdir()
    assert archive.name == f"sichuan-fact-sheets-{rules.data_version}.zip"
    assert out.splitlines() == [str(archive)]
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert opened.testzip() is None
        assert "成都市" in opened.read("510100-chengdu.html").decode("utf-8")
        pdfs = [opened.read(name) for name in names if name.endswith(".pdf")]
    assert len([name for name in names if name.endswith(".html")]) == 21
    assert len(pdfs) == 21 and len(names) == 42
    assert names == _in_adcode_order(names)
    assert all(pdf.startswith(b"%PDF-") and len(pdf) <= MAX_PDF_BYTES for pdf in pdfs)


def test_batch_button_builds_a_zip_of_21_html_and_21_pdf(render_once: None) -> None:
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
