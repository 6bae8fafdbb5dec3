"""The map's reading (issue 13): label specs, legends of what is drawn, the count palette."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from layers import Boundaries, MapView, export_html, map_data, tables
from layers.overlays import corridor_anchor
from layers.placement import PRIORITIES, priority
from layers.tiers import count_colours, count_legend, ramp
from layout_rules import Rules
from layout_rules.vocab import DESIGNATED, NAMED_TIERS, ROLES, TIERS, role_colour

CROWDED = MapView(document="new-industrialisation-2023", industries=("electronic-information",),
                  city="510100", counties=True)  # fmt: skip
"""Clusters, designations, parks, corridors and counties round the selected 成都."""


def _script(rules: Rules, view: MapView, boundaries: Boundaries) -> str:
    """Return the page of a view as the HTML export writes it (without inlined assets)."""
    return export_html(map_data(rules, view, boundaries), view, inline=False)


def _specs(script: str, call: str) -> list:
    """Return the JSON arguments of every ``scx.<call>(parent, …)`` in a script."""
    found = re.findall(rf"scx\.{call}\(\w+, (.*?)\);", script)
    return [_expanded(json.loads(text)) for text in found]


def _expanded(spec: object) -> object:
    """Return a spec's items as the browser reads them: values sent once merged back in."""
    if isinstance(spec, dict) and set(spec) == {"common", "items"}:
        return [{**spec["common"], **item} for item in spec["items"]]
    return spec


@pytest.fixture(scope="module")
def crowded(rules: Rules, boundaries: Boundaries) -> str:
    return _script(rules, CROWDED, boundaries)


def test_every_label_has_a_kind_and_its_priority(crowded: str) -> None:
    items = [item for spec in _specs(crowded, "labels") for item in spec]
    kinds = {item["kind"] for item in items}
    assert {"city", "cluster", "park", "corridor", "county"} <= kinds
    expected = {"city": "prefecture", "cluster": "cluster", "park": "park",
                "corridor": "corridor", "county": "county"}  # fmt: skip
    for item in items:
        assert item["priority"] == PRIORITIES.index(expected[item["kind"]]), item
    assert sum(item.get("id") == "510100" for item in items) == 1  # the city label is known
    assert all(item["radius"] > 0 for item in items if item["kind"] == "park")
    assert priority("selected") == 0 < priority("prefecture")


def test_the_selected_city_is_handed_to_the_browser(crowded: str) -> None:
    assert _specs(crowded, "focus") == ["510100"]


def _legend(script: str) -> str:
    """Return the legend parts of a page, joined."""
    return "".join(json.loads(m) for m in re.findall(r"scx\.legend\(\w+, (\".*?\"), ", script))


def test_the_legend_has_a_row_for_every_symbol_drawn(crowded: str) -> None:
    legend = _legend(crowded)
    for word in ("集聚区与城市群", "国家级集群与试点示范", "园区（示意位置）", "走廊（示意）",
                 "区县边界", "已选"):  # fmt: skip
        assert word in legend, word
    assert 'class="scx-ring"' in legend and 'class="scx-line"' in legend


def test_a_view_without_overlays_has_no_overlay_rows(rules: Rules, boundaries: Boundaries) -> None:
    view = MapView(industries=("biotech",), overlays=("labels",))
    legend = _legend(_script(rules, view, boundaries))
    assert "核心发展区" in legend
    assert "园区" not in legend and "scx-ring" not in legend and "已选" not in legend


def test_a_corridor_label_sits_halfway_along_its_line() -> None:
    assert corridor_anchor([(100.0, 30.0), (104.0, 30.0)]) == {"lat": 30.0, "lon": 102.0}


def test_no_count_class_uses_a_tier_colour() -> None:
    tier_colours = {role_colour(role) for role in (*TIERS, "none")}
    for total in range(1, 12):
        colours = count_colours(total)
        assert len(set(colours)) == total + 1
        assert not set(colours) & tier_colours, total
    assert ramp(2)[0] != ramp(2)[1]


def test_the_count_legend_lists_only_counts_some_city_has(rules: Rules) -> None:
    counts = tables.industry_counts(rules, document="sei-2016-2020",
                                    industries=["next-gen-it", "biotech"])  # fmt: skip
    fmap = folium.Map(tiles=None)
    count_legend(counts, total=2, title="t").add_to(fmap)
    html = _legend(fmap.get_root().render())
    present = set(counts["count"])
    for n in range(3):
        assert (f"</i>{n} · " in html) == (n in present), n
    assert " · 0 个市州" not in html


def test_counting_named_roles_follows_the_data(rules: Rules) -> None:
    industries = [i.id for i in rules.document("sei-2016-2020").industries]
    plain = tables.industry_counts(rules, document="sei-2016-2020", industries=industries)
    named = tables.industry_counts(rules, document="sei-2016-2020", industries=industries,
                                   named=True)  # fmt: skip
    roles = {i: tables.city_roles(rules, document="sei-2016-2020", industry=i) for i in industries}
    for k, adcode in enumerate(plain["adcode"]):
        tiers = sum(bool(set(NAMED_TIERS) & set(r.iloc[k]["roles"])) for r in roles.values())
        any_named = sum(bool(set(DESIGNATED) & set(r.iloc[k]["roles"])) for r in roles.values())
        assert plain.iloc[k]["count"] == tiers, adcode
        assert named.iloc[k]["count"] == any_named, adcode


def test_counting_named_roles_counts_a_city_named_beyond_the_tiers(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No shipped layout document names a city by another role without a tier; a draft may.
    real = tables.city_roles(rules, document="sei-2016-2020", industry="biotech")
    radiated = real.index[real["role"] == "radiated"][0]
    frame = real.copy()
    frame.at[radiated, "roles"] = ("radiated", "pilot")
    monkeypatch.setattr(tables, "city_roles", lambda *a, **k: frame)
    assert "pilot" in ROLES
    counts = {
        named: tables.industry_counts(rules, document="sei-2016-2020",
                                      industries=["biotech", "next-gen-it"], named=named)
        for named in (False, True)
    }  # fmt: skip
    assert counts[False].loc[radiated, "count"] == 0
    assert counts[True].loc[radiated, "count"] == 2  # the same frame serves both industries
    assert isinstance(counts[True], pd.DataFrame)


def test_fills_lie_under_the_overlays_and_a_cluster_click_keeps_its_popup(crowded: str) -> None:
    specs = _specs(crowded, "polygons")
    fills = [s for s in specs if s["pane"] == "fills"]
    outlines = [s for s in specs if any("members" in f for f in s["features"])]
    assert len(fills) == 1 and len(fills[0]["features"]) == 21  # the tiers, in their own pane
    assert not fills[0]["keepPopup"]  # a click on a city selects it
    assert outlines and all(s["keepPopup"] and s["pane"] is None for s in outlines)
