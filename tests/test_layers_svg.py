"""The one province-map drawer: equal-area SVG for fact sheets and small multiples."""

from __future__ import annotations

import re

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
