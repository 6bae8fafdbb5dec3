"""Rendering: escaping of data text, our legend, local assets only, offline export, AMap datum."""

from __future__ import annotations

import json
import re

import folium
import folium.plugins
import geopandas as gpd
import pytest

import geodata
from layers import (
    Boundaries,
    LayersError,
    MapView,
    city_roles,
    decode_shape,
    explorer_map,
    export_html,
    localise,
    map_data,
    standalone_map,
    tier_layer,
    tier_legend,
    view_layers,
)
from layers.assets import ASSETS, PUBLISHED_DIR, STATIC_URL, asset_links, ensure_installed
from layers.geometry import encode_frame
from layout_rules import Rules

pytestmark = pytest.mark.cost(8)  # seconds; the costliest files run first (conftest.py)

HOSTILE = ("<img src=x onerror=alert(1)>", "`${alert(2)}`", "</script><script>alert(3)</script>")


@pytest.fixture(scope="module")
def installed() -> None:
    ensure_installed()


def _render(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def test_hostile_data_text_is_escaped_before_folium(rules: Rules) -> None:
    cities = city_roles(rules, document="sei-2016-2020", industry="next-gen-it")
    cities.at[0, "themes"] = HOSTILE
    cities.at[0, "city"] = HOSTILE[0]
    shapes = encode_frame(geodata.load_prefectures(variant="web"))
    fmap = explorer_map()
    tier_layer(cities, shapes).add_to(fmap)
    tier_legend(cities, title=HOSTILE[1]).add_to(fmap)
    html = _render(fmap)
    for text in HOSTILE:
        assert text not in html
    assert "<img src=x" not in html
    assert "${" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html.replace("\\u0026", "&")
    assert html.count("</script>") == html.count("<script")


def test_legend_counts_the_tiers(rules: Rules) -> None:
    cities = city_roles(rules, document="sei-2016-2020", industry="next-gen-it")
    fmap = explorer_map()
    tier_legend(cities, title="新一代信息技术", open_list=True).add_to(fmap)
    html = _render(fmap)
    assert "核心发展区 · 2" in html
    assert "重点拓展区 · 12" in html
    assert "辐射带动 · 7" in html
    # No branca legend and no d3 (element ids are random hex, so look for d3 as a name).
    assert "branca" not in html
    assert not re.search(r"/d3[\w.]*\.js|\bd3\.(select|scale)", html)


@pytest.mark.parametrize("industries", [("next-gen-it",), ("next-gen-it", "biotech")])
def test_only_the_app_invites_a_click_on_a_city(
    rules: Rules, boundaries: Boundaries, industries: tuple[str, ...]
) -> None:
    # The exported page has no profile beside the map: its legend must not promise one.
    view = MapView(industries=industries, lang="en")
    data = map_data(rules, view, boundaries)
    app = "".join(_render_group(group) for group in view_layers(data, view))
    assert "Click a city for its profile" in app
    exported = export_html(data, view, inline=False)
    assert "Click a city for its profile" not in exported
    assert "Industr" in exported  # the legend itself is still there


def _render_group(group: folium.FeatureGroup) -> str:
    fmap = explorer_map()
    group.add_to(fmap)
    return _render(fmap)


def test_maps_link_only_our_own_assets(rules: Rules, boundaries: Boundaries) -> None:
    view = MapView(industries=("next-gen-it", "biotech"), city="511400", counties=True)
    html = _render(standalone_map(map_data(rules, view, boundaries), view))
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'href="([^"]+\.css)"', html)
    assert sources
    assert all(url.startswith(STATIC_URL) for url in sources), sources
    for cdn in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "d3js"):
        assert cdn not in html


def test_the_map_asks_for_its_shapes_scripts_and_styles_at_once() -> None:
    shapes = "app/static/shapes/prefectures-overview-wgs84-0123456789ab.json"
    fmap = explorer_map(prefetch=[shapes])
    first = fmap.default_js[0][1]
    scripts, styles = asset_links(fmap)
    assert scripts[0] == first and "/scx/prefetch-" in first  # loaded before Leaflet
    code = (PUBLISHED_DIR / first.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    hints = json.loads(code[code.rindex("})(") + 3 : code.rindex(");")].join("[]"))
    assert hints[0] == [shapes]
    expected = [[url, "script"] for url in scripts[1:]] + [[url, "style"] for url in styles]
    assert hints[1] == expected
    assert any(url.endswith("/leaflet.js") for url in scripts[1:]) and styles
    assert "/scx/prefetch-" not in str(explorer_map().default_js)  # nothing to prefetch


def test_a_plugin_with_a_cdn_asset_is_refused() -> None:
    fmap = explorer_map()
    folium.plugins.MarkerCluster().add_to(fmap)
    with pytest.raises(LayersError, match="markerclusterjs"):
        localise(fmap)


def test_export_inlines_every_asset(rules: Rules, boundaries: Boundaries, installed: None) -> None:
    view = MapView(industries=("next-gen-it",))
    html = export_html(map_data(rules, view, boundaries), view)
    assert "<script src=" not in html
    assert '<link rel="stylesheet"' not in html
    assert "Leaflet 1.9.3" in html  # Leaflet itself is in the page
    assert "data:image/png;base64," in html  # the layer-control icon
    loads = r"""<(script|img|link|iframe)\b[^>]*\b(src|href)=["']?https?://"""
    assert not re.search(loads, html)  # links to leafletjs.com in the attribution are fine
    assert all(asset.path.is_file() for asset in ASSETS)


def test_amap_shifts_every_layer_to_gcj02(rules: Rules, boundaries: Boundaries) -> None:
    plain = map_data(rules, MapView(industries=("biotech",)), boundaries)
    amap = map_data(rules, MapView(industries=("biotech",), base="amap"), boundaries)
    crs = geodata.equal_area_crs()
    a = decode_shape(plain.prefecture_shapes["510100"])
    b = decode_shape(amap.prefecture_shapes["510100"])
    shift = gpd.GeoSeries([a.centroid, b.centroid], crs=4326).to_crs(crs)
    assert 150 < shift.iloc[0].distance(shift.iloc[1]) < 700
    parks, plain_parks = amap.overlays["parks"].rows, plain.overlays["parks"].rows
    assert parks["lon"].iloc[0] != plain_parks["lon"].iloc[0]
    clusters, plain_clusters = amap.overlays["clusters"].rows, plain.overlays["clusters"].rows
    assert clusters["label_lon"].iloc[0] != plain_clusters["label_lon"].iloc[0]
    assert "autonavi" in _render(explorer_map("amap"))


def test_unknown_base_map_is_an_error() -> None:
    with pytest.raises(LayersError, match="unknown base map 'google'"):
        explorer_map("google")


def test_every_view_of_every_document_builds(rules: Rules, boundaries: Boundaries) -> None:
    for document, doc in rules.documents.items():
        ids = tuple(i.id for i in doc.industries)
        for industries in [*((i,) for i in ids), ids]:
            view = MapView(document=document, industries=industries, city="511400", counties=True)
            html = _render(standalone_map(map_data(rules, view, boundaries), view))
            assert "scx.polygons" in html


def _mount_hash(base: str) -> str:
    """Return the component key streamlit-folium derives from the map's own script."""
    from streamlit_folium import _get_map_string, generate_js_hash

    fmap = explorer_map(base)
    fmap.get_root().render()
    return generate_js_hash(_get_map_string(fmap), "explorer-map", False)


def test_the_mounted_map_depends_on_the_base_map_only() -> None:
    # Industries, city and overlays travel in feature groups: the map stays mounted.
    assert _mount_hash("none") == _mount_hash("none")
    assert _mount_hash("none") != _mount_hash("amap")


def test_data_text_is_never_read_as_a_template() -> None:
    # branca compiled each element's script as a Jinja template: "{{ 7*7 }}" in a note
    # (an upload, a draft) was evaluated on the server when an export was rendered.
    from layers.elements import Points

    group = folium.FeatureGroup(name="parks")
    hostile = "{{ 7*7 }}{% if true %}x{% endif %}"
    Points([{"lat": 30.0, "lon": 104.0, "popup": hostile}]).add_to(group)
    fmap = folium.Map()
    group.add_to(fmap)
    html = _render(fmap)
    assert f'"popup":"{hostile}"' in html
    assert '"popup":"49' not in html
