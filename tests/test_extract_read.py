"""Reading new documents: every kind, and every bad input of issue 11, with a clear error."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from layout_rules import LayoutRulesError
from layout_rules.extract import MAX_BYTES, read_document, read_file
from layout_rules.extract.read import MAX_RATIO
from tests.language_scan import foreign_words
from words import in_language

SENTENCE = "以成都、绵阳为主体形成核心发展区，以泸州、德阳等地为主体形成重点拓展区。"


def make_docx(paragraphs: list[str]) -> bytes:
    """Return a minimal, valid DOCX (what Word writes, minus styles) holding ``paragraphs``."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}'
    xml += "</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def make_pdf(paragraphs: list[str], path: Path) -> Path:
    """Write a text PDF of ``paragraphs`` with WeasyPrint (CJK fonts from the system)."""
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    HTML(string=f"<html><body>{body}</body></html>").write_pdf(path)
    return path


def _reason(error: pytest.ExceptionInfo[LayoutRulesError]) -> str:
    (problem,) = error.value.problems
    return f"{problem.file}: {problem.reason}"


def test_txt_in_utf8_and_gb18030_reads_the_same_text() -> None:
    for encoding in ("utf-8", "gb18030"):
        assert read_document(SENTENCE.encode(encoding), "plan.txt").text == SENTENCE


def test_docx_paragraphs_become_lines() -> None:
    text = read_document(make_docx(["1.电子信息", SENTENCE]), "plan.docx").text
    assert text.splitlines() == ["1.电子信息", SENTENCE]


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    source = read_file(make_pdf(["（一）新材料", SENTENCE], tmp_path / "plan.pdf"))
    compact = "".join(source.text.split())
    assert SENTENCE in compact


def test_html_drops_scripts_and_styles_and_keeps_the_title() -> None:
    page = (
        "<html><head><title>某市产业布局规划</title><style>p{color:red}</style>"
        "<script>window.pwned=1; document.write('以攀枝花为核心')</script></head>"
        f"<body><p>{SENTENCE}</p><script>alert('x')</script><noscript>n</noscript></body></html>"
    )
    source = read_document(page.encode(), "plan.html")
    assert source.title == "某市产业布局规划"
    assert SENTENCE in source.text
    assert "pwned" not in source.text and "alert" not in source.text
    assert "color" not in source.text and "攀枝花" not in source.text


def test_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(LayoutRulesError) as error:
        read_file(tmp_path / "empty.txt")
    assert _reason(error) == "empty.txt: the file is empty"


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(LayoutRulesError) as error:
        read_file(big)
    assert time.perf_counter() - start < 1
    assert _reason(error) == "big.pdf: the file is 52.4 MB; the limit is 20 MB"
    with pytest.raises(LayoutRulesError, match="limit is 20 MB"):
        read_document(b"x" * (MAX_BYTES + 1), "upload.txt")


def test_scanned_pdf_without_text_is_refused(tmp_path: Path) -> None:
    from weasyprint import HTML

    HTML(string="<html><body><div style='width:5cm;height:5cm;background:#000'></div>"
                "</body></html>").write_pdf(tmp_path / "scan.pdf")  # fmt: skip
    with pytest.raises(LayoutRulesError) as error:
        read_file(tmp_path / "scan.pdf")
    assert "scan.pdf: the PDF has no text layer (a scan?)" in _reason(error)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf([SENTENCE], tmp_path / "plain.pdf")))
    writer.encrypt("secret")
    with (tmp_path / "locked.pdf").open("wb") as file:
        writer.write(file)
    with pytest.raises(LayoutRulesError) as error:
        read_file(tmp_path / "locked.pdf")
    assert _reason(error) == "locked.pdf: the PDF is encrypted; save an unencrypted copy"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n garbage \x00\x01", b"not a pdf at all"])
def test_malformed_pdf_is_refused(content: bytes) -> None:
    with pytest.raises(LayoutRulesError) as error:
        read_document(content, "broken.pdf")
    assert _reason(error).startswith("broken.pdf: not a readable PDF (")
    (problem,) = error.value.problems  # pypdf's words stay in the log: worded by its class
    chinese = in_language(problem.reason, "zh")
    assert chinese.startswith("不是可读取的 PDF（") and not foreign_words(chinese, "zh"), chinese


def test_zip_bomb_docx_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (30 * 1024 * 1024))
    start = time.perf_counter()
    with pytest.raises(LayoutRulesError) as error:
        read_document(buffer.getvalue(), "bomb.docx")
    assert time.perf_counter() - start < 1
    assert _reason(error).startswith("bomb.docx: member 'word/document.xml' compresses ")
    assert _reason(error).endswith(":1 (a zip bomb?)")
    ratio = int(_reason(error).split("compresses ")[1].split(":")[0])
    assert ratio > MAX_RATIO


def test_docx_with_entities_is_refused() -> None:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<!DOCTYPE d [<!ENTITY a "{SENTENCE}">]><w:document xmlns:w="{ns}"><w:body>'
           "<w:p><w:r><w:t>&a;&a;</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    with pytest.raises(LayoutRulesError, match="declares a DTD or entities"):
        read_document(buffer.getvalue(), "entities.docx")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.docx", b"PK not really", "not a DOCX file (not a zip archive)"),
        ("a.odt", b"whatever", "unsupported file type '.odt'"),
        ("a.txt", "  \n  短  ".encode(), "no text found in the document"),
    ],
)
def test_other_bad_inputs_say_why(name: str, content: bytes, reason: str) -> None:
    with pytest.raises(LayoutRulesError) as error:
        read_document(content, name)
    assert reason in _reason(error)
    assert _reason(error).startswith(f"{name}: ")


def test_text_longer_than_the_limit_is_refused_before_extraction() -> None:
    from layout_rules.extract.read import MAX_TEXT_CHARS

    with pytest.raises(LayoutRulesError) as error:
        read_document(("成都" * (MAX_TEXT_CHARS // 2 + 1)).encode(), "long.txt")
    assert _reason(error) == f"long.txt: text longer than {MAX_TEXT_CHARS} characters"


def test_a_run_on_text_without_sentence_marks_is_cut_into_bounded_sentences() -> None:
    from layout_rules.extract.sentences import MAX_SENTENCE_CHARS, split

    sentences = split("成都依托高新区，" * 2000 + "德阳" * 5000)
    assert max(len(s.compact) for s in sentences) <= 2 * MAX_SENTENCE_CHARS
    assert "".join(s.compact for s in sentences) == "成都依托高新区，" * 2000 + "德阳" * 5000
