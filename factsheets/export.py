"""Writing fact sheets to files: one city, all 21 into a folder, or all 21 into one ZIP.

File names are made from the resolved adcode and the gazetteer's English name
(``510100-chengdu.pdf``), never from the text a user typed, so no name can reach outside the
output folder. The output folder is checked before any rendering (it must be a writable
folder with room for the batch). Every file is written atomically (an unnamed temporary file
in the same folder where the system has them, so even a killed batch leaves no temporary
file; then ``os.replace``), and everything is rendered before anything is written: a failure
leaves either the complete file or none, never half of one.

Rendering all 21 PDFs is the slow part (about a second each), so the batch spreads the sheets
over a small process pool; each worker loads the map layers and fonts once. SIGTERM or
SIGINT terminate the pool, and workers also end when their parent dies (Linux).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import io
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Protocol

from factsheets._errors import FactSheetError
from factsheets.content import FactSheet, fact_sheet
from factsheets.fonts import font_stack
from factsheets.html import render_html
from factsheets.maps import LAYER_SETTINGS, map_layers, small_map_paths
from factsheets.pdf import html_to_pdf, pdf_font, warm_up_pdf
from layers.files import write_atomic
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures

FORMATS: tuple[str, ...] = ("html", "pdf")
"""The file formats a sheet can be exported to, in the order they are written."""
DEFAULT_WORKERS = 2
"""Processes for a batch: this project's reference machine has two cores."""

BYTES_PER_FILE = 2_000_000
"""Room checked per file before a batch renders (a city's PDF is about 0.5 MB)."""

Progress = Callable[[int, int, FactSheet], None]
"""Called as ``progress(done, total, sheet)`` after each sheet of a batch is rendered."""


class Named(Protocol):
    """Anything with an adcode and an English name: a sheet or a gazetteer place."""

    @property
    def adcode(self) -> str:
        """The city's adcode (the file name starts with it)."""
        ...

    @property
    def name_en(self) -> str | None:
        """The city's English name (the rest of the file name), if any."""
        ...


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


def check_out(out: Path | str, *, files: int = 1) -> Path:
    """Return the output folder, created if needed, once it is known to take ``files`` files.

    Called before any rendering, so an unusable ``--out`` costs nothing: a file, a path under
    a file, a folder that cannot be written (permissions, read-only file system) or one
    without room for ``files`` × :data:`BYTES_PER_FILE`.

    Raises
    ------
    FactSheetError
        Naming the folder, the reason and what to do.
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise FactSheetError(f"--out {folder}: is a file, not a folder; name a folder")
    blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        msg = f"--out {folder}: {blocker} is a file, so no folder can be made under it"
        raise FactSheetError(msg)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"probe")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        msg = f"--out {folder}: cannot write there ({error.strerror or error}); choose another"
        raise FactSheetError(msg) from None
    free, needed = shutil.disk_usage(folder).free, files * BYTES_PER_FILE
    if free < needed:
        msg = f"--out {folder}: only {free:,} bytes free, about {needed:,} needed; free space"
        raise FactSheetError(msg)
    return folder


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
    jobs = [(sheet, formats, lang) for sheet in ordered]
    pool = _pool_context().Pool(min(workers, len(jobs)), initializer=_worker_start)
    try:
        with _terminate_on_signals():
            outcomes = pool.imap_unordered(_render_job, jobs)
            for done, (sheet, files, failure) in enumerate(outcomes, start=1):
                if failure is None:
                    results[sheet.adcode] = files
                else:
                    failures.append(f"{sheet.name} ({sheet.adcode}): {failure}")
                if progress is not None:
                    progress(done, len(sheets), sheet)
        pool.close()
    finally:
        pool.terminate()  # a no-op after close(); kills the workers on any interruption
        pool.join()
    if failures:
        msg = "fact sheets failed to render:\n" + "\n".join(failures)
        raise FactSheetError(msg)
    return results


def _render_job(
    job: tuple[FactSheet, tuple[str, ...], str],
) -> tuple[FactSheet, dict[str, bytes], str | None]:
    """Render one sheet in a worker; a failure is returned as text, gathered by the parent."""
    sheet, formats, lang = job
    try:
        return sheet, render_files(sheet, formats=formats, lang=lang), None
    except Exception as error:  # any failure of one sheet: reported with the others
        return sheet, {}, str(error)


_PR_SET_PDEATHSIG = 1


def _worker_start() -> None:
    """In each worker: leave SIGINT to the parent, and die with the parent (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class BatchInterrupted(BaseException):
    """SIGTERM reached a batch: raised in the main thread so the pool is terminated."""


@contextlib.contextmanager
def _terminate_on_signals() -> Iterator[None]:
    """Turn SIGTERM into :class:`BatchInterrupted` (SIGINT is KeyboardInterrupt already).

    Only the main thread can install handlers; elsewhere (the web app) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        del frame
        raise BatchInterrupted(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    small_map_paths()
    if "pdf" in formats:
        warm_up_pdf()


def export_all(
    rules: Rules,
    out: Path | str,
    *,
    cities: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    document: str = DEFAULT_DOCUMENT,
    generated: dt.date | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    as_zip: bool = False,
) -> list[Path]:
    """Render the sheets (all 21, or the adcodes in ``cities``), then write them into ``out``.

    ``out`` is checked before any rendering (:func:`check_out`). With ``as_zip``, one ZIP
    is written instead of the files. Returns the paths written.

    Raises
    ------
    FactSheetError
        If ``out`` is unusable (nothing rendered then), or a sheet fails (nothing written).
    """
    formats = check_formats(formats)
    folder = check_out(out, files=len(cities or range(21)) * len(formats))
    sheets = _sheets(rules, cities, document=document, generated=generated)
    files = render_all(sheets, formats=formats, lang=lang, workers=workers, progress=progress)
    if as_zip:
        return [write_atomic(folder / zip_name(rules), zip_bytes(files))]
    return _write_all(files, folder)


def _sheets(
    rules: Rules, cities: Sequence[str] | None, *, document: str, generated: dt.date | None
) -> list[FactSheet]:
    if cities is None:
        return all_sheets(rules, document=document, generated=generated)
    day = generated or dt.date.today()
    codes = dict.fromkeys(cities)
    return [fact_sheet(rules, code, document=document, generated=day) for code in codes]


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
    paths = export_all(
        rules,
        out,
        formats=formats,
        lang=lang,
        document=document,
        generated=generated,
        workers=workers,
        progress=progress,
        as_zip=True,
    )
    return paths[0]
