"""Writing fact sheets to files: one city, all 21 into a folder, or all 21 into one ZIP.

File names are made from the resolved adcode and the gazetteer's English name
(``510100-chengdu.pdf``), never from the text a user typed, so no name can reach outside the
output folder. Every file is written atomically (a temporary file in the same folder, then
``os.replace``), and everything is rendered before anything is written: a failure leaves
either the complete file or none, never half of one.

Rendering all 21 PDFs is the slow part (about a second each), so the batch spreads the sheets
over a small process pool; each worker loads the map layers and fonts once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import multiprocessing
import os
import re
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Protocol

from factsheets._errors import FactSheetError
from factsheets.content import FactSheet, fact_sheet
from factsheets.fonts import font_stack
from factsheets.html import render_html
from factsheets.maps import LAYER_SETTINGS, map_layers
from factsheets.pdf import html_to_pdf, pdf_font, warm_up_pdf
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures

FORMATS: tuple[str, ...] = ("html", "pdf")
"""The file formats a sheet can be exported to, in the order they are written."""
DEFAULT_WORKERS = 2
"""Processes for a batch: this project's reference machine has two cores."""

FILE_MODE = 0o644
"""Mode of written files (``mkstemp`` would leave them readable by the owner only)."""

Progress = Callable[[int, int, FactSheet], None]
"""Called as ``progress(done, total, sheet)`` after each sheet of a batch is rendered."""


class Named(Protocol):
    """Anything with an adcode and an English name: a sheet or a gazetteer place."""

    @property
    def adcode(self) -> str: ...

    @property
    def name_en(self) -> str | None: ...


def file_stem(sheet: Named) -> str:
    """Return the safe file name stem of a sheet (or place): adcode and ASCII short name.

    >>> from types import SimpleNamespace
    >>> file_stem(SimpleNamespace(adcode="513300", name_en="Garzê (Ganzi)"))
    '513300-garze-ganzi'
    """
    ascii_name = unicodedata.normalize("NFKD", sheet.name_en or "").encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")
    if not re.fullmatch(r"\d{6}", sheet.adcode):
        msg = f"adcode {sheet.adcode!r} is not six digits; refusing to make a file name of it"
        raise FactSheetError(msg)
    return f"{sheet.adcode}-{slug}" if slug else sheet.adcode


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Return the formats in canonical order, or raise FactSheetError naming a bad one."""
    wanted = tuple(formats)
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown or not wanted:
        msg = f"unknown export format(s) {unknown or wanted}; choose from {', '.join(FORMATS)}"
        raise FactSheetError(msg)
    return tuple(fmt for fmt in FORMATS if fmt in wanted)


def render_files(
    sheet: FactSheet, *, formats: Sequence[str] = FORMATS, lang: str = "zh"
) -> dict[str, bytes]:
    """Return ``{file name: content}`` of a sheet in each format, rendered in memory.

    The HTML file and the PDF come from one page, laid out with the PDF's font first.
    """
    formats = check_formats(formats)
    font = pdf_font() if "pdf" in formats else None
    page = render_html(sheet, lang=lang, fonts=font_stack(font))
    stem = file_stem(sheet)
    files = {}
    if "html" in formats:
        files[f"{stem}.html"] = page.encode("utf-8")
    if font is not None:
        files[f"{stem}.pdf"] = html_to_pdf(page, font=font)
    return files


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Readers see the old file or the new one, never a partial one; on any failure the
    temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            if hasattr(os, "fchmod"):  # POSIX; Windows has no modes to set
                os.fchmod(stream.fileno(), FILE_MODE)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


def _write_all(files: dict[str, bytes], out: Path) -> list[Path]:
    return [write_atomic(out / name, content) for name, content in files.items()]


# --- one city -------------------------------------------------------------------------------


def export_sheet(
    rules: Rules,
    adcode: str,
    out: Path | str,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    document: str = DEFAULT_DOCUMENT,
    generated: dt.date | None = None,
) -> list[Path]:
    """Render one prefecture's sheet and write it into ``out``; return the paths written.

    Raises
    ------
    FactSheetError
        If the place is not a prefecture, a format is unknown, or rendering fails (then
        nothing is written).
    """
    sheet = fact_sheet(rules, adcode, document=document, generated=generated)
    return _write_all(render_files(sheet, formats=formats, lang=lang), Path(out))


# --- all cities -----------------------------------------------------------------------------


def all_sheets(
    rules: Rules, *, document: str = DEFAULT_DOCUMENT, generated: dt.date | None = None
) -> list[FactSheet]:
    """Return the sheets of all 21 prefectures, in adcode order."""
    day = generated or dt.date.today()
    return [
        fact_sheet(rules, city.adcode, document=document, generated=day) for city in prefectures()
    ]


def render_all(
    sheets: Sequence[FactSheet],
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """Render every sheet in every format; return ``{file name: content}`` in sheet order.

    With ``workers`` > 1 the sheets are rendered in that many processes.

    Raises
    ------
    FactSheetError
        If any sheet fails (the message names the cities); nothing is returned then.
    """
    formats = check_formats(formats)
    if "pdf" in formats:
        pdf_font()
    if workers <= 1 or len(sheets) <= 1:
        results = {}
        for done, sheet in enumerate(sheets, start=1):
            results[sheet.adcode] = render_files(sheet, formats=formats, lang=lang)
            if progress is not None:
                progress(done, len(sheets), sheet)
    else:
        results = _render_in_pool(sheets, formats, lang, workers, progress)
    return {name: data for sheet in sheets for name, data in results[sheet.adcode].items()}


def _render_in_pool(
    sheets: Sequence[FactSheet],
    formats: tuple[str, ...],
    lang: str,
    workers: int,
    progress: Progress | None,
) -> dict[str, dict[str, bytes]]:
    results: dict[str, dict[str, bytes]] = {}
    failures: list[str] = []
    _warm_up(formats)
    # Longest sheets first, so no worker is left with a long one at the end.
    ordered = sorted(sheets, key=lambda sheet: -len(sheet.footnotes))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        futures = {
            pool.submit(render_files, sheet, formats=formats, lang=lang): sheet for sheet in ordered
        }
        for done, future in enumerate(as_completed(futures), start=1):
            sheet = futures[future]
            try:
                results[sheet.adcode] = future.result()
            except Exception as error:  # any failure of a worker: gathered, reported below
                failures.append(f"{sheet.name} ({sheet.adcode}): {error}")
            if progress is not None:
                progress(done, len(sheets), sheet)
    if failures:
        msg = "fact sheets failed to render:\n" + "\n".join(failures)
        raise FactSheetError(msg)
    return results


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux): workers inherit the warmed-up layers, fonts and imports.

    macOS and Windows spawn fresh interpreters, which import everything again.
    """
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _warm_up(formats: Sequence[str]) -> None:
    """Load what every sheet needs once, before forking, instead of once per worker."""
    for kind in LAYER_SETTINGS:
        map_layers(kind)
    if "pdf" in formats:
        warm_up_pdf()


def export_all(
    rules: Rules,
    out: Path | str,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    document: str = DEFAULT_DOCUMENT,
    generated: dt.date | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> list[Path]:
    """Render all 21 sheets, then write them into ``out``; return the paths written."""
    sheets = all_sheets(rules, document=document, generated=generated)
    files = render_all(sheets, formats=formats, lang=lang, workers=workers, progress=progress)
    return _write_all(files, Path(out))


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Return a ZIP archive of ``{file name: content}`` (PDFs stored, HTML deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            method = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def zip_name(rules: Rules) -> str:
    """Return the batch ZIP's file name, which carries the data version."""
    return f"sichuan-fact-sheets-{rules.data_version}.zip"


def export_zip(
    rules: Rules,
    out: Path | str,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    document: str = DEFAULT_DOCUMENT,
    generated: dt.date | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> Path:
    """Render all 21 sheets and write them as one ZIP into the folder ``out``."""
    sheets = all_sheets(rules, document=document, generated=generated)
    files = render_all(sheets, formats=formats, lang=lang, workers=workers, progress=progress)
    return write_atomic(Path(out) / zip_name(rules), zip_bytes(files))
