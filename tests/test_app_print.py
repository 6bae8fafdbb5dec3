"""The Map tab offers the print export beside its other downloads, in the page's language."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _labels(**params: str) -> set[str]:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return {button.label for button in at.get("download_button")}


def test_print_buttons_sit_beside_the_map_downloads_in_each_language() -> None:
    zh = _labels()
    assert {"地图（HTML，可离线）", "打印版地图（PDF，A4）", "打印版地图（PNG，300 dpi）",
            "打印版地图（SVG）"} <= zh  # fmt: skip
    en = _labels(lang="en", ind="next-gen-it,biotech")
    assert {"Print map (PDF, A4)", "Print map (PNG, 300 dpi)", "Print map (SVG)"} <= en
