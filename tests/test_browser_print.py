"""The print download in a real browser: the button draws the sheet on click, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import BROWSER_MARKS, Offline
from tests.pdf_support import pdf_pages

# The server and browser: shared fixtures of conftest.py.
pytestmark = [*BROWSER_MARKS, pytest.mark.cost(8)]


def test_the_print_button_downloads_the_sheet_of_the_view(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    offline.page.goto(f"{app_url}/?doc=sei-2016-2020&ind=biotech&city=510700&lang=en",
                      wait_until="domcontentloaded")  # fmt: skip
    offline.map_frame()
    offline.page.get_by_role("button", name="Downloads").click()  # the map's download menu
    button = offline.page.get_by_role("button", name="Print map (PDF, A4)")
    button.wait_for(timeout=30_000)
    with offline.page.expect_download(timeout=90_000) as download:
        button.click()
    assert download.value.suggested_filename == "sichuan-sei-2016-2020-biotech-510700-en.pdf"
    path = artifacts / "browser-print-biotech-mianyang-en.pdf"
    download.value.save_as(str(path))
    (text,) = pdf_pages(path.read_bytes())
    assert "Biotechnology (bio-industry) · Selected: Mianyang" in text  # the view's subtitle
    assert "Core development zone · 1" in text and "Sources: Sichuan 13th Five-Year Plan" in text
    assert "Jiangyou City" in text  # the selected city's counties, named in English
    assert offline.blocked == []
