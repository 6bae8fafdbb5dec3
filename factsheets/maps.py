"""The locator maps of a fact sheet: the province with the city, and the city's counties.

Drawn as inline SVG with the one province-map drawer, :mod:`layers.svg` (equal-area, our own
code: no tiles, no network); this module adds what only a fact sheet shows. Where both
prefectures and counties are drawn, county lines go over the prefecture's fill and under its
outline, so the sub-pixel difference of the two coverages does not show.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import shapely

from layers.svg import (
    EDGE,
    INK,
    LAYER_SETTINGS,
    Frame,
    MapLayers,
    map_layers,
    prefecture_paths,
    role_map_frame,
    role_map_svg,
    svg_document,
    svg_label,
    svg_path,
)
from words import romanised, t, text_in

__all__ = [
    "LAYER_SETTINGS",
    "MapLayers",
    "city_svg",
    "industry_svg",
    "map_layers",
    "province_svg",
    "small_map_paths",
]

HIGHLIGHT = "#2e4053"
"""Fill of the sheet's city on the province map: dark slate, outside the role colour scheme."""
LAND = "#e5e7e9"
NAMED_COUNTY = "#aed6f1"
"""Fill of counties the documents name, on the city map."""
OUTLINE = "#566573"
_MIN_LABELLED_AREA = 450.0
"""Counties smaller than this (px²) on the city map stay unlabelled: their names would
overlap (the central districts of 成都)."""
CITY_TOLERANCE_PX = 1.0
"""The city map is simplified again to its own scale, about a pixel."""
SMALL_MAP_WIDTH = 120.0
"""Width (px) of the small industry maps."""


# --- the maps -------------------------------------------------------------------------------


def province_svg(
    layers: MapLayers, adcode: str, *, width: float = 300, font_family: str, lang: str = "zh"
) -> str:
    """Return the province with the city highlighted, its county boundaries and its name.

    Examples
    --------
    >>> svg = province_svg(map_layers("province"), "510100", font_family="sans-serif")
    >>> svg.startswith("<svg") and ">成都</text>" in svg
    True
    """
    frame = Frame.fit(layers.province.bounds, width=width)
    city = layers.prefectures.loc[adcode]
    others = layers.prefectures.geometry.drop(index=adcode)
    counties = layers.counties.geometry[layers.counties["prefecture_adcode"] == adcode]
    body = [
        svg_path(others, frame, fill=LAND, stroke=EDGE, stroke_width=0.8),
        svg_path(city.geometry, frame, fill=HIGHLIGHT),
        svg_path(counties, frame, fill="none", stroke="#aab7b8", stroke_width=0.3),
        svg_path(city.geometry, frame, fill="none", stroke=INK, stroke_width=1),
        _name_above(city, frame, lang),
    ]
    title = t("sheet.province_map", lang)
    return svg_document(frame, body, title=title, font_family=font_family)


def _name_above(city: pd.Series, frame: Frame, lang: str) -> str:
    """Return the city's name just above its outline (inside, it would hide the counties)."""
    name = text_in(city, "name", lang, source="short_name")
    x, _ = frame.xy(np.array([[city.label_x, city.label_y]]))[0]
    top = frame.xy(np.array([[0.0, city.geometry.bounds[3]]]))[0][1]
    return svg_label(name, x, max(top - 7, 8), size=11, weight="bold")


def city_svg(
    layers: MapLayers,
    adcode: str,
    *,
    named_counties: Iterable[str] = (),
    width: float = 300,
    font_family: str,
    lang: str = "zh",
) -> str:
    """Return the city's counties, labelled; counties the documents name are shaded.

    Labels are full names in ``lang`` (北川羌族自治县, not a shortened form); counties too
    small to hold their name stay unlabelled. Neighbouring prefectures are drawn
    in grey for context; the viewBox clips them. Tall cities are fitted into ``max_height``.
    """
    city = layers.prefectures.loc[adcode]
    frame = Frame.fit(city.geometry.bounds, width=width, max_height=width * 0.9, pad=10)
    named = set(named_counties)
    tolerance = CITY_TOLERANCE_PX / frame.scale
    counties = layers.counties[layers.counties["prefecture_adcode"] == adcode]
    counties = counties.set_geometry(shapely.coverage_simplify(counties.geometry.values, tolerance))
    others = layers.prefectures.geometry.drop(index=adcode).clip(frame.visible())
    others = others[~others.is_empty]
    is_named = counties["adcode"].isin(named)
    body = [
        svg_path(shapely.simplify(others.values, tolerance), frame, fill=LAND, stroke=EDGE),
        svg_path(
            counties.geometry[~is_named], frame, fill="#fbfcfc", stroke=OUTLINE, stroke_width=0.5
        ),
        svg_path(
            counties.geometry[is_named], frame, fill=NAMED_COUNTY, stroke=OUTLINE, stroke_width=0.5
        ),
    ]
    outline = shapely.union_all(counties.geometry.values)
    body.append(svg_path(outline, frame, fill="none", stroke=INK, stroke_width=1.2))
    for row in counties.itertuples():
        if row.geometry.area * frame.scale**2 >= _MIN_LABELLED_AREA:
            x, y = frame.xy(np.array([[row.label_x, row.label_y]]))[0]
            name = text_in(row, "name", lang)
            body.append(svg_label(name, x, y, size=7, italic=romanised(row, "name", lang)))
    title = t("sheet.city_map", lang)
    return svg_document(frame, body, title=title, font_family=font_family)


def industry_svg(
    layers: MapLayers,
    roles: Mapping[str, str],
    adcode: str,
    *,
    width: float = SMALL_MAP_WIDTH,
    title: str,
    font_family: str,
    paths: Mapping[str, str] | None = None,
) -> str:
    """Return a small province map coloured by each city's role, the sheet's city outlined.

    ``paths`` (:func:`small_map_paths` for the ``small`` layers at ``width``) saves drawing
    the same 21 prefectures again for every map of every sheet.
    """
    return role_map_svg(
        layers,
        roles,
        width=width,
        title=title,
        font_family=font_family,
        outline=adcode,
        paths=paths,
    )


@functools.cache
def small_map_paths(width: float = SMALL_MAP_WIDTH) -> dict[str, str]:
    """Return the prefectures' path data of a small map ``width`` px wide, drawn once.

    Every sheet shows about eight small maps of the same 21 shapes (only their fills
    differ), so a batch draws them once per process instead of about 170 times.
    """
    layers = map_layers("small")
    return prefecture_paths(layers, role_map_frame(layers, width))
