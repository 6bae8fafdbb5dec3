"""The one province-map drawer: equal-area SVG for fact sheets and small multiples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import layers.svg
from layers import map_layers, role_map_svg, small_multiples_svg
from layout_rules import Rules
from layout_rules.vocab import role_colour, role_label


def test_prefectures_are_filled_by_role_and_the_city_outlined() -> None:
    layers = map_layers("small")
    roles = {"510100": "core", "510700": "expansion"}
    svg = role_map_svg(layers, roles, width=120, title="<IT>", font_family="sans-serif",
                       outline="510100")  # fmt: skip
    fills = re.findall(r'fill="(#[0-9a-f]{6})"', svg)
    assert sorted(fills) == sorted([role_colour("core"), role_colour("expansion"),
                                    role_colour("none")])  # fmt: skip
    assert svg.count('fill="none" stroke="#1c2833"') == 1
    assert "<title>&lt;IT&gt;</title>" in svg and 'width="120"' in svg


def test_small_multiples_draw_one_map_per_industry_with_a_legend(rules: Rules) -> None:
    industries = [industry.id for industry in rules.document("sei-2016-2020").industries]
    names = {industry: f"{industry}<b>" for industry in industries}
    svg = small_multiples_svg(rules, map_layers("small"), document="sei-2016-2020",
                              industries=industries, names=names, lang="en")  # fmt: skip
    assert svg.count("<svg") == len(industries) + 1
    assert "next-gen-it&lt;b&gt;" in svg and "<b>" not in svg
    for role in ("core", "expansion", "radiated"):
        assert role_label(role, lang="en") in svg and role_colour(role) in svg


def test_layer_sets_are_kept_beside_the_boundary_cache_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layers.svg, "cache_folder", lambda: tmp_path)
    built: list[str] = []
    build = layers.svg.build_map_layers

    def counted(kind: str) -> layers.svg.MapLayers:
        built.append(kind)
        return build(kind)

    monkeypatch.setattr(layers.svg, "build_map_layers", counted)
    layers.svg.map_layers.cache_clear()
    try:
        first = map_layers("small")  # built and written
        layers.svg.map_layers.cache_clear()
        again = map_layers("small")  # read back: the same shapes and labels
        assert built == ["small"]
        assert again.prefectures.equals(first.prefectures) and again.counties.equals(first.counties)
        assert again.province.equals(first.province)
        path = tmp_path / "svg_layers_small.bin"
        meta, data = path.read_bytes().split(b"\n", 1)
        stale = json.loads(meta)
        stale["boundaries"] = {"overview/counties.parquet": "0" * 64}  # a rebuilt cache
        path.write_bytes(json.dumps(stale).encode() + b"\n" + data)
        layers.svg.map_layers.cache_clear()
        assert map_layers("small").prefectures.equals(first.prefectures)
        assert built == ["small", "small"]
    finally:
        layers.svg.map_layers.cache_clear()


def test_a_fact_sheet_small_map_from_the_shared_paths_is_the_one_drawn_afresh() -> None:
    from factsheets.maps import industry_svg, small_map_paths

    roles = {"510100": "core", "510700": "expansion"}
    shared = industry_svg(map_layers("small"), roles, "510700", title="IT",
                          font_family="sans-serif", paths=small_map_paths())  # fmt: skip
    fresh = industry_svg(map_layers("small"), roles, "510700", title="IT", font_family="sans-serif")
    assert shared == fresh and 'fill="#c0392b"' in shared
