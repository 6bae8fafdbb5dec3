"""Benchmark of the map explorer: payload, boundary error, industry switch and cold start.

Run ``python bench/map.py``. The last line printed is JSON::

    {"payload_bytes": …, "explore_bytes": …, "ratio": …, "max_error_m": …,
     "switch_median_ms": …, "cold_run_s": …, …}

- ``payload_bytes``: the default view (十三五 plan, first industry, default overlays) as the
  HTML page folium renders, Leaflet linked from the app (as the app serves it);
  ``payload_inline_bytes`` is the offline export with Leaflet pasted in.
- ``explore_bytes``: the naive baseline, ``GeoDataFrame.explore()`` of the same tiers on the
  full-resolution boundaries (its CDN links not counted either); ``ratio`` = explore/payload.
- ``max_error_m``: Hausdorff distance (metres, equal-area CRS) between the full-resolution
  prefecture boundaries and what the browser draws (web variant, decoded from our encoding).
- ``switch_bytes``: what the app sends for a switch to the default view, the feature groups'
  script ``st_folium`` receives as ``feature_group_to_add`` (shapes named by file, not sent);
  ``switch_inline_bytes`` the same with the shapes inline, as before the shape files.
- ``shape_file_bytes``: the prefecture shape files (shared arcs) by level, fetched once per
  page; ``overview_error_m`` / ``fine_error_m``: what the browser draws from them against
  the full-resolution boundaries (metres).
- ``switch_median_ms``: AppTest, warm caches, median wall time of ≥ 20 industry switches
  (the whole script run: sidebar, map, profile; AppTest's own polling included).
- ``cold_run_s``: the first AppTest run in a fresh Python process (imports before the run
  excluded, boundary cache already built).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

import geodata  # noqa: E402
from layers import (  # noqa: E402
    Boundaries,
    MapParts,
    MapView,
    decode_shape,
    explorer_map,
    export_html,
    map_data,
    view_layers,
)
from layers.shape_files import read_topology, shape_files  # noqa: E402
from layers.tables import city_roles  # noqa: E402
from layers.topology import ShapeFile, decode_topology  # noqa: E402
from layout_rules import Rules, load_rules  # noqa: E402
from layout_rules.vocab import role_colour  # noqa: E402

DOCUMENT = "sei-2016-2020"
SWITCHES = 24
COLD = """
import time
from streamlit.testing.v1 import AppTest
import streamlit_folium, geopandas, layers, layout_rules, geodata  # imports are not the run
at = AppTest.from_file({app!r}, default_timeout=120)
start = time.perf_counter()
at.run()
assert not at.exception, [e.value for e in at.exception]
print(time.perf_counter() - start)
"""


def _boundaries() -> Boundaries:
    return Boundaries(
        province=geodata.load_province(variant="web"),
        prefectures=geodata.load_prefectures(variant="web"),
        counties=geodata.load_counties(variant="web"),
    )


def payload(rules: Rules, view: MapView) -> dict[str, int]:
    """Return the sizes of the default view's page, linked and inlined."""
    data = map_data(rules, view, _boundaries())
    linked = export_html(data, view, inline=False).encode("utf-8")
    inline = export_html(data, view, inline=True).encode("utf-8")
    return {"payload_bytes": len(linked), "payload_inline_bytes": len(inline)}


def explore_baseline(rules: Rules, industry: str) -> int:
    """Return the size of ``GeoDataFrame.explore()`` of the same tiers at full resolution."""
    cities = city_roles(rules, document=DOCUMENT, industry=industry)
    full = geodata.load_prefectures(variant="full")[["adcode", "geometry"]]
    frame = full.merge(cities.drop(columns=["roles", "places"]), on="adcode")
    frame["themes"] = frame["themes"].map("、".join)
    roles = sorted(set(frame["role"]))
    fmap = frame.explore(
        column="role",
        categories=roles,
        cmap=[role_colour(r) for r in roles],
        tooltip=["city", "role", "themes"],
    )
    return len(fmap.get_root().render().encode("utf-8"))


def max_error_m(view: MapView, rules: Rules) -> float:
    """Return the largest boundary error of what the browser draws, in metres."""
    data = map_data(rules, view, _boundaries())
    full = geodata.load_prefectures(variant="full")
    drawn = gpd.GeoSeries([decode_shape(data.prefecture_shapes[a]) for a in full["adcode"]],
                          crs=4326)  # fmt: skip
    return float(geodata.boundary_error_m(full.geometry, drawn).max())


class _FileParts(MapParts):
    """The app's parts: the prefectures as shape files."""

    def shape_files(self, layer: str, datum: str) -> tuple[ShapeFile, ...]:
        return shape_files(layer, datum)


def switch_bytes(rules: Rules, view: MapView) -> dict[str, int]:
    """Return the bytes of the feature groups a switch sends, with shape files and inline."""
    import streamlit_folium

    sizes = {}
    for key, parts in (("switch_bytes", _FileParts(_boundaries())),
                       ("switch_inline_bytes", MapParts(_boundaries()))):  # fmt: skip
        data, fmap = map_data(rules, view, parts=parts), explorer_map(view.base)
        groups = view_layers(data, view)
        script = "".join(streamlit_folium._get_feature_group_string(g, map=fmap, idx=k)
                         for k, g in enumerate(groups))  # fmt: skip
        sizes[key] = len(script.encode("utf-8"))
    return sizes


def shape_file_numbers() -> dict[str, float]:
    """Return the prefecture shape files' sizes and the error of what they draw (metres)."""
    full = geodata.load_prefectures(variant="full")
    numbers: dict[str, float] = {}
    for file, name in zip(shape_files("prefectures", "wgs84"), ("overview", "fine"), strict=True):
        topo = read_topology(file)
        numbers[f"shape_file_{name}_bytes"] = len(json.dumps(topo, separators=(",", ":")))
        drawn = decode_topology(topo)
        shapes = gpd.GeoSeries([drawn[a] for a in full["adcode"]], crs=4326)
        numbers[f"{name}_error_m"] = round(
            float(geodata.boundary_error_m(full.geometry, shapes).max()), 1
        )
    return numbers


def switch_times(industries: list[str]) -> list[float]:
    """Return the wall time (s) of each industry switch in a warm AppTest session."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    for industry in industries:  # warm every cache first
        at.sidebar.selectbox(key="w_one").set_value(industry).run()
    times = []
    for k in range(SWITCHES):
        at.sidebar.selectbox(key="w_one").set_value(industries[k % len(industries)])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    return times


def cold_run_s() -> float:
    """Return the first run's time in a fresh interpreter."""
    code = COLD.format(app=str(ROOT / "app.py"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)  # fmt: skip
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure and print the numbers, the JSON line last."""
    rules = load_rules()
    industries = [i.id for i in rules.document(DOCUMENT).industries]
    view = MapView(industries=(industries[0],))
    sizes = payload(rules, view)
    explore = explore_baseline(rules, industries[0])
    error = max_error_m(view, rules)
    switch = switch_bytes(rules, view)
    files = shape_file_numbers()
    cold = cold_run_s()
    times = switch_times(industries)
    print(f"default view page: {sizes['payload_bytes']:,} B (linked Leaflet), "
          f"{sizes['payload_inline_bytes']:,} B offline export")  # fmt: skip
    print(f"explore() of the full-resolution tiers: {explore:,} B "
          f"({explore / sizes['payload_bytes']:.1f}x)")  # fmt: skip
    print(f"max boundary error drawn: {error:.0f} m")
    print(f"switch sends {switch['switch_bytes']:,} B (shapes inline: "
          f"{switch['switch_inline_bytes']:,} B); shape files once: {files}")  # fmt: skip
    print(f"switch: median {statistics.median(times) * 1000:.0f} ms over {len(times)}, "
          f"max {max(times) * 1000:.0f} ms; cold run {cold:.2f} s")  # fmt: skip
    result = {
        "payload_bytes": sizes["payload_bytes"],
        "explore_bytes": explore,
        "ratio": round(explore / sizes["payload_bytes"], 1),
        "max_error_m": round(error, 1),
        "switch_median_ms": round(statistics.median(times) * 1000, 1),
        "cold_run_s": round(cold, 2),
        "payload_inline_bytes": sizes["payload_inline_bytes"],
        "switches": len(times),
        **switch,
        **files,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
