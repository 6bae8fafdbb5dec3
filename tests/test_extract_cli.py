"""``python -m layout_rules extract`` end to end on .txt, .pdf, .docx and .html.

The folder that ``--out`` writes must pass ``python -m layout_rules check``. The commands run
in-process through ``main(argv)``, what ``python -m layout_rules`` calls; one test runs the
real ``python -m layout_rules extract`` as a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from layout_rules.__main__ import main
from tests.test_extract_read import make_docx, make_pdf

ROOT = Path(__file__).resolve().parents[1]
LINES = [
    "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知",
    "一、电子信息",
    "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。",
    "支持宜宾打造全国动力电池主基地。",
    "打造成都—德阳—绵阳科技创新走廊。",
    "二、生物医药",
    "以天府国际生物城为核心发展区。",
    "2025年3月1日",
]
Run = Callable[..., "subprocess.CompletedProcess[str]"]
KEYS = {"industry", "place", "adcode", "role", "open_list", "quote", "start", "end", "confidence"}


def _subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "layout_rules", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Return a runner of ``python -m layout_rules ARGS``, in-process."""

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        status = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, out, err)

    return command


def _write(kind: str, folder: Path) -> Path:
    path = folder / f"plan.{kind}"
    if kind == "txt":
        path.write_text("\n".join(LINES), encoding="utf-8")
    elif kind == "docx":
        path.write_bytes(make_docx(LINES))
    elif kind == "pdf":
        make_pdf(LINES, path)
    else:
        body = "".join(f"<p>{line}</p>" for line in LINES)
        page = f"<html><head><title>规划</title><script>alert(1)</script></head><body>{body}"
        path.write_text(page + "</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["txt", "pdf", "docx", "html"])
def test_extract_prints_json_and_writes_a_folder_check_accepts(
    kind: str, tmp_path: Path, run: Run
) -> None:
    path = _write(kind, tmp_path)
    result = run("extract", str(path), "--id", "test-plan", "--format", "json",
                  "--out", str(tmp_path / "rules"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["date"] == "2025-03-01"
    assert data["document"]["title"] == LINES[0]
    rows = data["candidates"]
    assert all(set(row) >= KEYS for row in rows)
    got = {(r["industry"], r["place"], r["adcode"], r["role"], r["open_list"]) for r in rows}
    assert ("电子信息", "成都", "510100", "core", False) in got
    assert ("电子信息", "遂宁", "510900", "expansion", True) in got
    assert ("电子信息", "宜宾", "511500", "base", False) in got
    assert ("生物医药", "天府国际生物城", None, "core", False) in got
    text = (tmp_path / "rules" / "sources" / "test-plan.txt").read_text(encoding="utf-8")
    for row in rows:
        assert "".join(text[row["start"] : row["end"]].split()) == row["quote"]
    assert ("电子信息", "德阳", "510600", "corridor", False) in got
    check = run("check", str(tmp_path / "rules" / "data"))
    assert check.returncode == 0, check.stdout + check.stderr
    # 生物医药 has only an unresolved place: it cannot be mapped, so it is left out
    assert check.stdout.startswith(
        "OK: 1 documents, 1 industries, 1 layouts, 0 clusters, 0 parks, 1 corridors"
    )


def test_text_output_flags_unresolved_places(tmp_path: Path, run: Run) -> None:
    result = run("extract", str(_write("txt", tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("plan.txt: ")
    assert "天府国际生物城 (UNRESOLVED) | core" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: -: the file is empty"),
        ("scan.pdf", b"%PDF-1.4 broken", "scan.pdf: -: not a readable PDF"),
        ("none.txt", "加强技术攻关，提升现代化水平。推动数字化转型。".encode(),
         "none.txt: -: no place (prefecture, county or park) found in the document"),
    ],
)  # fmt: skip
def test_bad_input_exits_1_with_one_line_and_writes_nothing(
    name: str, content: bytes, message: str, tmp_path: Path, run: Run
) -> None:
    (tmp_path / name).write_bytes(content)
    result = run("extract", str(tmp_path / name), "--out", str(tmp_path / "rules"))
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "rules").exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_python_m_layout_rules_extract_exits_1_on_bad_input(tmp_path: Path) -> None:
    # The one subprocess: `python -m layout_rules extract` runs and sets the exit status.
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _subprocess("extract", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "rules"))
    assert result.returncode == 1
    assert result.stderr == "empty.txt: -: the file is empty\n"
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["empty.txt"]
