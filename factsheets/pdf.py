"""Rendering a fact sheet to PDF with WeasyPrint, from the same HTML and CSS as the HTML sheet.

WeasyPrint lays text out with Pango and embeds a subset of each font it uses (subsetting keeps
a sheet well under 1.5 MB although a CJK font file is about 20 MB). The CJK font comes from
:func:`~factsheets.fonts.find_cjk_font`; without one, PDF export stops with a plain message
and HTML export still works. WeasyPrint may fetch nothing but that font's own file: the sheet
refers to no other resource, and a fetcher refusing every other URL keeps it so.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

from factsheets._errors import FactSheetError
from factsheets.content import FactSheet
from factsheets.fonts import INSTALL_HINT, CJKFont, find_cjk_font, font_stack
from factsheets.html import render_html

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1"
"""Debian packages of the system libraries WeasyPrint loads."""


@functools.cache
def _weasyprint() -> ModuleType:
    """Import WeasyPrint on first use: it loads Pango, which HTML export does not need."""
    try:
        # imported by name: WeasyPrint has no type information, and a module is all we need
        return importlib.import_module("weasyprint")
    except (ImportError, OSError) as error:
        msg = (
            f"PDF export needs WeasyPrint and its system libraries ({error}); on Debian/Ubuntu "
            f"'apt-get install {SYSTEM_PACKAGES}'. HTML export still works."
        )
        raise FactSheetError(msg) from error


def pdf_font() -> CJKFont:
    """Return the CJK font PDFs embed, or raise :class:`FactSheetError` saying how to get one."""
    font = find_cjk_font()
    if font is None:
        msg = f"PDF export needs a CJK font and none is installed; {INSTALL_HINT}. "
        msg += "HTML export still works."
        raise FactSheetError(msg)
    return font


def render_pdf(sheet: FactSheet, *, lang: str = "zh", font: CJKFont | None = None) -> bytes:
    """Return the fact sheet as PDF bytes, with a subset of the CJK font embedded.

    Parameters
    ----------
    sheet
        The content, from :func:`~factsheets.content.fact_sheet`.
    lang
        ``zh`` or ``en``, as for :func:`~factsheets.html.render_html`.
    font
        The font to embed; found with :func:`pdf_font` when omitted.

    Raises
    ------
    FactSheetError
        If no CJK font is installed, WeasyPrint or its system libraries are missing, or
        rendering fails.
    """
    font = font or pdf_font()
    return html_to_pdf(render_html(sheet, lang=lang, fonts=font_stack(font)), font=font)


def html_to_pdf(html: str, *, font: CJKFont) -> bytes:
    """Render a sheet's HTML (made with :func:`font_stack` of ``font``) to PDF bytes."""
    weasyprint = _weasyprint()
    stylesheets = [] if font.via_fontconfig else [_font_face(weasyprint, font)]
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint, font))
        pdf = document.write_pdf(stylesheets=stylesheets, font_config=_font_config())
    except (OSError, ValueError, RuntimeError) as error:
        msg = f"PDF rendering failed: {error}"
        raise FactSheetError(msg) from error
    if not isinstance(pdf, bytes):
        msg = "PDF rendering returned no bytes"
        raise FactSheetError(msg)
    return pdf


def warm_up_pdf() -> None:
    """Load WeasyPrint, the font list and the CJK font's faces now, by rendering a line.

    A batch does this once before forking its workers, which then inherit the loaded font
    instead of each paying for it on their first sheet.
    """
    font = pdf_font()
    page = f"<style>p {{ font-family: {font_stack(font)}; }}</style><p>四川 Sichuan <b>产业</b></p>"
    html_to_pdf(page, font=font)


@functools.cache
def _font_config() -> Any:
    """One font configuration per process: fontconfig's font list is read once, not per PDF."""
    return _weasyprint().text.fonts.FontConfiguration()


def _font_face(weasyprint: ModuleType, font: CJKFont) -> Any:
    """``@font-face`` for a font fontconfig does not know by name (a known file location)."""
    css = f'@font-face {{ font-family: "{font.family}"; src: url("{font.path.as_uri()}"); }}'
    return weasyprint.CSS(string=css, font_config=_font_config())


def _fetcher(weasyprint: ModuleType, font: CJKFont) -> Any:
    allowed = {font.path.as_uri()}

    class _FontFileOnly(weasyprint.urls.URLFetcher):  # type: ignore[misc, name-defined]  # weasyprint is untyped
        """Fetches the font's own file and refuses every other URL (no network, no files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                msg = f"fact sheets fetch no resources; refused {url!r}"
                raise ValueError(msg)
            return super().fetch(url, headers)

    return _FontFileOnly(allowed_protocols={"file"})
