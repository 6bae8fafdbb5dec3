"""The text of a PDF as a reader would copy it, page by page, through poppler's ``pdftotext``.

pypdf parses a content stream in Python: a printed map (a million path operators) took 1.5–2.2 s
per page, poppler 0.1–0.2 s. Poppler (``poppler-utils``) is a test dependency of ``./dev``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def pdf_pages(pdf: bytes, *, layout: bool = False) -> list[str]:
    """Return each page's text, in reading order, or as laid out (a table row on one line)."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    mode = ["-layout"] if layout else []
    done = subprocess.run([PDFTOTEXT, *mode, "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)  # fmt: skip
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
