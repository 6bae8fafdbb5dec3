"""Reading a new policy document (.txt, .pdf, .docx, .html) into plain text, safely.

Every reader works on bytes already in memory, after :func:`read_document` has checked the
size limit, so a 50 MB upload is refused before any parser sees it. PDFs must carry a text
layer (a scan without one is refused, never guessed at), must not be encrypted and are read
page by page up to a page limit. A DOCX is a zip: its declared sizes and compression ratio
are checked before any member is inflated (a zip bomb is refused), and its XML may not declare
a DTD or entities. HTML is parsed with the standard library's tokenizer: scripts and styles
are dropped as data, never run. Every failure is one :class:`~layout_rules.LayoutRulesError`
naming the file and the reason.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.library_errors import reading_detail
from words import worded

MAX_BYTES = 20 * 1024 * 1024
"""Largest document accepted (20 MB); checked before parsing."""
MAX_PAGES = 1000
"""Largest PDF accepted, in pages."""
MAX_TEXT_CHARS = 1_000_000
"""Largest extracted text accepted (about 1,000 pages of Chinese); bounds extraction to ~15 s."""
MAX_INFLATED_BYTES = 50 * 1024 * 1024
"""Largest total uncompressed size a DOCX may declare."""
MAX_RATIO = 100
"""Largest compression ratio of a DOCX member; XML compresses ~10:1, a zip bomb 1000:1."""
MIN_TEXT_CHARS = 20
"""A text layer with fewer non-space characters than this is no text (a scan)."""
KINDS = (".txt", ".pdf", ".docx", ".html", ".htm")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class SourceText:
    """A document's extracted text and what it says about itself.

    Attributes
    ----------
    name
        The file name it came from (for messages and the rules folder).
    text
        The plain text; statements' ``start``/``end`` are offsets into it.
    title
        The ``<title>`` of a web page or a PDF's title metadata, when present.
    """

    name: str
    text: str
    title: str | None = None


def fail(name: str, reason: str) -> LayoutRulesError:
    """Return the one error of the importer: file name, ``-`` entry, reason."""
    return LayoutRulesError([Problem(name, "-", reason)])


def read_file(path: Path | str) -> SourceText:
    """Read a document from disk, checking its size before reading it."""
    path = Path(path)
    if not path.is_file():
        raise fail(path.name, worded("error.read.no_file"))
    size = path.stat().st_size
    _check_size(path.name, size)
    return read_document(path.read_bytes(), path.name)


def read_document(data: bytes, name: str) -> SourceText:
    """Return the text of a document given as bytes; ``name``'s suffix says its kind.

    Raises
    ------
    LayoutRulesError
        If the file is empty, too large, of an unknown kind, or cannot be read as its kind
        (encrypted, malformed or scanned PDF, zip-bomb DOCX, …).

    Examples
    --------
    >>> read_document("以成都、绵阳为主体形成核心发展区，辐射带动全省。".encode(), "a.txt").text
    '以成都、绵阳为主体形成核心发展区，辐射带动全省。'
    """
    _check_size(name, len(data))
    kind = Path(name).suffix.lower()
    if kind not in KINDS:
        reason = worded("error.read.kind", kind=kind or "(none)", kinds=", ".join(KINDS))
        raise fail(name, reason)
    readers = {".txt": _txt, ".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}
    text, title = readers[kind](data, name)
    text = _clean(text)
    if len(text) > MAX_TEXT_CHARS:
        raise fail(name, worded("error.read.too_long", limit=MAX_TEXT_CHARS))
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        raise fail(name, worded("error.read.no_text"))
    return SourceText(name=name, text=text, title=title)


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise fail(name, worded("error.read.empty"))
    if size > MAX_BYTES:
        mb = MAX_BYTES // (1024 * 1024)
        raise fail(name, worded("error.read.too_big", size=size / 1e6, limit=mb))


def _clean(text: str) -> str:
    """Normalise line ends, drop control characters; keep everything else as extracted."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    keep = ("\n", "\t")
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc")


def _txt(data: bytes, name: str) -> tuple[str, None]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    raise fail(name, worded("error.read.encoding"))


def _pdf(data: bytes, name: str) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs; the reader reports failures itself, as one error
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise fail(name, worded("error.read.encrypted"))
        if len(reader.pages) > MAX_PAGES:
            reason = worded("error.read.pages", count=len(reader.pages), limit=MAX_PAGES)
            raise fail(name, reason)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.get("/Title") if reader.metadata else None
    except LayoutRulesError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        reason = worded("error.read.bad_pdf", detail=reading_detail(error))
        raise fail(name, reason) from None
    text = "\n".join(pages)
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        raise fail(name, worded("error.read.scan"))
    return text, str(title) if title else None


def _docx(data: bytes, name: str) -> tuple[str, None]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise fail(name, worded("error.read.docx_not_zip")) from None
    with archive:
        _check_zip(archive, name)
        try:
            xml = archive.read("word/document.xml")
        except KeyError:
            raise fail(name, worded("error.read.docx_no_document")) from None
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            reason = worded("error.read.docx_damaged", detail=reading_detail(error))
            raise fail(name, reason) from None
    return _docx_text(xml, name), None


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip whose declared sizes or ratios are those of a bomb, before inflating."""
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > MAX_INFLATED_BYTES:
        raise fail(name, worded("error.read.docx_inflates", size=total / 1e6))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            reason = worded("error.read.docx_ratio", member=member.filename, ratio=ratio)
            raise fail(name, reason)


def _docx_text(xml: bytes, name: str) -> str:
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise fail(name, worded("error.read.docx_dtd"))
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise fail(name, worded("error.read.docx_xml", detail=reading_detail(error))) from None
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = [node.text or "" for node in paragraph.iter() if node.tag in (f"{_W}t",)]
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "title",
        "dd",
        "dt",
    ]
)
_DROPPED = frozenset(("script", "style", "noscript", "template", "iframe", "object", "svg"))


class _TextOnly(HTMLParser):
    """Collect a page's visible text and title; script and style content is skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._skip += 1
        self._in_title = tag == "title"
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self.title if self._in_title else self.parts).append(data)


def _html(data: bytes, name: str) -> tuple[str, str | None]:
    text, _ = _txt(data, name)
    match = re.search(r"charset=[\"']?(gb2312|gbk|gb18030)", text[:2000], re.IGNORECASE)
    if match:
        text = data.decode("gb18030", errors="replace")
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    body = re.sub(r"[ \t]+\n", "\n", "".join(parser.parts))
    body = re.sub(r"\n{3,}", "\n\n", body)
    title = "".join(parser.title).strip() or None
    return body, title
