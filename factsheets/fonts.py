"""Finding an installed CJK font for the PDF, so it embeds the same glyphs on every machine.

WeasyPrint lays text out through fontconfig and embeds a subset of each font it uses. The
font must come from an installed package (Debian ``fonts-noto-cjk``; PingFang or Hiragino on
macOS; Microsoft YaHei or SimSun on Windows), never from the repository or the network.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimSun",
)
"""Families in order of preference: simplified-Chinese glyph forms first (the ``SC`` faces of
a Noto/Source Han collection, not its Japanese default face)."""

KNOWN_FILES: tuple[tuple[str, str], ...] = (
    ("Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ("Noto Serif CJK SC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    ("Noto Sans CJK SC", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    ("Noto Sans CJK SC", "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    ("PingFang SC", "/System/Library/Fonts/PingFang.ttc"),
    ("Hiragino Sans GB", "/System/Library/Fonts/Hiragino Sans GB.ttc"),
    ("Microsoft YaHei", "C:/Windows/Fonts/msyh.ttc"),
    ("SimSun", "C:/Windows/Fonts/simsun.ttc"),
)
"""Where the usual CJK fonts live when fontconfig cannot be asked (Debian, Fedora, macOS,
Windows)."""

FALLBACK_STACK: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "sans-serif",
)
"""The CSS font stack of the HTML sheet, which the reader's browser resolves."""

INSTALL_HINT = (
    "install a CJK font: 'apt-get install fonts-noto-cjk' on Debian/Ubuntu, "
    "'dnf install google-noto-sans-cjk-fonts' on Fedora; macOS and Windows ship one"
)


@dataclass(frozen=True)
class CJKFont:
    """An installed CJK font: its family name and the file it comes from.

    ``via_fontconfig`` says whether fontconfig (and so WeasyPrint) finds the family by name;
    otherwise the PDF stylesheet declares it with ``@font-face`` from ``path``.
    """

    family: str
    path: Path
    via_fontconfig: bool


@functools.cache
def find_cjk_font() -> CJKFont | None:
    """Return the preferred installed CJK font, or None when there is none.

    fontconfig is asked first (``fc-list :lang=zh-cn``), because it is what WeasyPrint uses;
    then the known file locations of Debian, Fedora, macOS and Windows are tried.
    """
    return _from_fontconfig() or _from_known_files()


def font_stack(font: CJKFont | None) -> str:
    """Return a CSS ``font-family`` value with ``font`` first, then the fallback stack."""
    families = [font.family] if font is not None else []
    families += [family for family in FALLBACK_STACK if family not in families]
    return ", ".join(f'"{family}"' if " " in family else family for family in families)


def _from_fontconfig() -> CJKFont | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh-cn", "-f", "%{file}|%{family}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return _choose(_parse_fc_list(listing), via_fontconfig=True)


def _parse_fc_list(listing: str) -> dict[str, Path]:
    """Map each family (a line may list several, comma-separated) to its first file."""
    files: dict[str, Path] = {}
    for line in listing.splitlines():
        path, _, families = line.partition("|")
        for family in families.split(","):
            if family.strip() and path:
                files.setdefault(family.strip(), Path(path))
    return files


def _from_known_files() -> CJKFont | None:
    files: dict[str, Path] = {}
    for family, path in KNOWN_FILES:
        if Path(path).is_file():
            files.setdefault(family, Path(path))
    return _choose(files, via_fontconfig=False)


def _choose(files: dict[str, Path], *, via_fontconfig: bool) -> CJKFont | None:
    for family in PREFERRED_FAMILIES:
        if family in files:
            return CJKFont(family, files[family], via_fontconfig)
    if files:
        family = sorted(files)[0]
        return CJKFont(family, files[family], via_fontconfig)
    return None
