"""Small multiples: one small tier map per industry, to see all of them at a glance.

Drawn by us as one SVG: the prefecture outlines are defined once (``<defs>``) and every small
map reuses them (``<use>``) with its own fills, so eight maps cost little more than one. At
170 px for ~1,100 km a pixel is ~6 km, so the ``overview`` boundaries are simplified again as
one coverage (shared borders stay shared). The SVG is shown as an image: no script, no
network, and its text is escaped with :func:`layout_rules.text.escape_html`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import shapely

from layers.tables import city_roles
from layout_rules import Rules
from layout_rules.text import escape_html as esc
from layout_rules.vocab import ROLES, role_colour, role_label

THUMBNAIL_TOLERANCE = 0.02
"""Simplification of the thumbnails, in degrees (≈ 2 km; a third of a pixel)."""
WIDTH = 180
"""Width of one small map, in pixels."""
TITLE = 18
_CJK = 0x2E80
"""Code points from here on (CJK radicals, ideographs, full-width forms) are drawn square."""
LEGEND = 28


def thumbnail_paths(prefectures: gpd.GeoDataFrame) -> tuple[dict[str, str], float]:
    """Return SVG path data per adcode, ``WIDTH`` pixels wide, and the height of a map.

    A plain equirectangular projection scaled by cos(latitude) at the centre: at this size
    it is indistinguishable from Mercator.
    """
    shapes = shapely.coverage_simplify(prefectures.geometry.values, THUMBNAIL_TOLERANCE)
    west, south, east, north = shapely.total_bounds(shapes)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([(xy[:, 0] - west) * squeeze * scale, (north - xy[:, 1]) * scale])

    paths = {
        str(adcode): _path(shapely.transform(shape, project))
        for adcode, shape in zip(prefectures["adcode"], shapes, strict=True)
    }
    return paths, round((north - south) * scale, 1)


def _path(shape: shapely.Geometry) -> str:
    rings = [ring for part in shapely.get_parts(shape) for ring in (part.exterior, *part.interiors)]
    return "".join(
        "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in np.asarray(ring.coords)[:-1]) + "Z"
        for ring in rings
    )


def small_multiples_svg(
    rules: Rules,
    paths: Mapping[str, str],
    height: float,
    *,
    document: str,
    industries: Sequence[str],
    names: Mapping[str, str],
    lang: str = "zh",
    columns: int = 4,
) -> str:
    """Return one SVG with a small map per industry, coloured by each city's role.

    Parameters
    ----------
    rules
        Loaded rules.
    paths, height
        :func:`thumbnail_paths` of the prefectures.
    document, industries
        What to draw; ``names`` gives each industry's display name.
    lang
        ``zh`` or ``en`` for the legend.
    """
    cell_w, cell_h = WIDTH + 12, height + TITLE + 8
    rows = math.ceil(len(industries) / columns)
    defs = "".join(f'<path id="p{a}" d="{d}"/>' for a, d in paths.items())
    cells, present = [], set()
    for k, industry in enumerate(industries):
        cities = city_roles(rules, document=document, industry=industry)
        roles = [r or "none" for r in cities["role"]]
        present.update(roles)
        x, y = (k % columns) * cell_w, (k // columns) * cell_h
        uses = "".join(
            f'<use href="#p{a}" fill="{role_colour(r)}"/>'
            for a, r in zip(cities["adcode"], roles, strict=True)
        )
        cells.append(
            f'<g transform="translate({x},{y})">'
            f'<text x="0" y="13">{esc(_fit(names[industry]))}</text>'
            f'<g transform="translate(0,{TITLE})" stroke="#fff" stroke-width="0.5">{uses}</g></g>'
        )
    width = columns * cell_w
    total = rows * cell_h + LEGEND
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total:.0f}" '
        f'viewBox="0 0 {width} {total:.0f}" font-family="sans-serif" font-size="12" '
        f'fill="#222"><defs>{defs}</defs>{"".join(cells)}'
        f"{_legend(present, lang, rows * cell_h)}</svg>"
    )


def _legend(present: set[str], lang: str, top: float) -> str:
    items, x = [], 0
    for role in (r for r in ROLES if r in present):
        label = esc(role_label(role, lang=lang))
        items.append(
            f'<rect x="{x}" y="{top + 6:.0f}" width="12" height="12" fill="{role_colour(role)}" '
            f'stroke="#999"/><text x="{x + 16}" y="{top + 16:.0f}">{label}</text>'
        )
        x += 30 + _text_width(role_label(role, lang=lang))
    return "".join(items)


def _text_width(text: str) -> float:
    """Rough width at 12 px: CJK characters are square, Latin ones about half."""
    return sum(12.0 if ord(char) >= _CJK else 6.6 for char in text)


def _fit(title: str) -> str:
    """Shorten a title to the width of one small map."""
    if _text_width(title) <= WIDTH:
        return title
    while _text_width(title + "…") > WIDTH:
        title = title[:-1]
    return title.rstrip() + "…"
