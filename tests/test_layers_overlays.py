"""Overlay types are declared once; the one map-data builder serves the app and the export."""

from __future__ import annotations

import dataclasses

import folium
import pandas as pd
import pytest

from layers import (
    OVERLAY_TYPES,
    OVERLAYS,
    Boundaries,
    MapParts,
    MapView,
    OverlayData,
    OverlayType,
    map_data,
    view_layers,
)
from layers import overlays as overlays_module
from layout_rules import Rules


def _names(groups: list[folium.FeatureGroup]) -> list[str]:
    return [group.layer_name for group in groups]


def _layer_name(key: str) -> str:
    """Return the name an overlay type's layer carries (in Chinese), drawn from no data."""
    [overlay] = [overlay for overlay in OVERLAY_TYPES if overlay.key == key]
    return overlay.draw(
        OverlayData(pd.DataFrame(columns=["group", "host_adcode"])), "zh"
    ).layer_name


def test_the_view_switches_on_every_declared_overlay_in_order() -> None:
    assert tuple(overlay.key for overlay in OVERLAY_TYPES) == OVERLAYS
    assert OVERLAYS == ("labels", "clusters", "designations", "parks", "corridors")
    assert MapView().overlays == OVERLAYS


def test_every_overlay_type_is_built_and_drawn(rules: Rules, boundaries: Boundaries) -> None:
    view = MapView(document="new-industrialisation-2023", industries=("electronic-information",))
    data = map_data(rules, view, boundaries)
    assert set(data.overlays) == set(OVERLAYS)
    assert len(data.overlays["labels"].rows) == 21
    groups = view_layers(data, view)
    names = [_layer_name(key) for key in OVERLAYS]
    assert len(set(names)) == len(OVERLAYS) and "园区（示意位置）" in names
    assert _names(groups)[-len(OVERLAYS) :] == names
    shown = view_layers(data, dataclasses.replace(view, overlays=("parks",)))
    assert _names(shown)[-1] == _layer_name("parks")
    assert _layer_name("labels") not in _names(shown)


def test_designations_are_the_clusters_that_confer_a_role(
    rules: Rules, boundaries: Boundaries
) -> None:
    view = MapView(document="new-industrialisation-2023", industries=("electronic-information",))
    data = map_data(rules, view, boundaries)
    clusters, designations = data.overlays["clusters"], data.overlays["designations"]
    assert set(clusters.rows["group"]) <= {"clusters"}
    assert set(designations.rows["group"]) == {"designations"}
    assert set(designations.rows["id"]) == set(designations.shapes)


def test_a_new_overlay_type_is_one_declaration(
    rules: Rules, boundaries: Boundaries, monkeypatch: pytest.MonkeyPatch
) -> None:
    stations = pd.DataFrame({"name": ["成都东站"], "lon": [104.14], "lat": [30.63]})
    rail = OverlayType(
        "rail",
        lambda selection: OverlayData(stations),
        lambda data, lang: folium.FeatureGroup(name=f"rail {len(data.rows)}"),
    )
    monkeypatch.setattr(overlays_module, "OVERLAY_TYPES", (*OVERLAY_TYPES, rail))
    view = MapView(industries=("biotech",), overlays=("rail",))
    data = map_data(rules, view, boundaries)
    assert data.overlays["rail"].rows.equals(stations)
    assert _names(view_layers(data, view))[-1] == "rail 1"


def test_the_app_and_the_export_share_one_builder(rules: Rules, boundaries: Boundaries) -> None:
    asked: list[str] = []

    class Recording(MapParts):
        def overlays(self, rules: Rules, view: MapView):  # type: ignore[override]  # return type left to the base class
            asked.append(view.document)
            return super().overlays(rules, view)

    view = MapView(industries=("biotech", "next-gen-it"), city="510100", counties=True)
    direct = map_data(rules, view, boundaries)
    served = map_data(rules, view, parts=Recording(boundaries))
    assert asked == ["sei-2016-2020"]
    assert served.counts is not None and direct.counts is not None
    assert served.counts.equals(direct.counts)
    assert served.counties.rows["adcode"].tolist() == direct.counties.rows["adcode"].tolist()
    assert len(direct.counties.rows) == len(direct.counties.shapes) > 5
