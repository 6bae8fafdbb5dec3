"""Small multiples: one small tier map per industry, to see all of them at a glance.

Drawn as one SVG by the one province-map drawer, :func:`layers.svg.role_map_svg` (equal-area,
the same maps as a fact sheet's), one small map per industry under its title, with a legend
of the roles shown. The SVG is shown as an image: no script, no network, and its text is
escaped with :func:`layout_rules.text.escape_html`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from layers.svg import MapLayers, prefecture_paths, role_map_frame, role_map_svg
from layers.tables import city_roles
from layout_rules import Rules
from layout_rules.text import escape_html as esc
from layout_rules.vocab import ROLES, role_colour, role_label

WIDTH = 180
"""Width of one small map, in pixels."""
TITLE = 18
_CJK = 0x2E80
"""Code points from here on (CJK radicals, ideographs, full-width forms) are drawn square."""
LEGEND = 28


def small_multiples_svg(
    rules: Rules,
    layers: MapLayers,
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
    layers
        The boundaries to draw, :func:`layers.svg.map_layers` (``"small"``).
    document, industries
        What to draw; ``names`` gives each industry's display name.
    lang
        ``zh`` or ``en`` for the legend.
    """
    frame = role_map_frame(layers, WIDTH)
    paths, height = prefecture_paths(layers, frame), frame.height
    cell_w, cell_h = WIDTH + 12, height + TITLE + 8
    rows = math.ceil(len(industries) / columns)
    cells: list[str] = []
    present: set[str] = set()
    for k, industry in enumerate(industries):
        cities = city_roles(rules, document=document, industry=industry)
        roles = dict(zip(cities["adcode"], (r or "none" for r in cities["role"]), strict=True))
        present.update(roles.values())
        x, y = (k % columns) * cell_w, (k // columns) * cell_h
        drawn = role_map_svg(layers, roles, width=WIDTH, title=names[industry],
                             font_family="sans-serif", paths=paths)  # fmt: skip
        cells.append(
            f'<g transform="translate({x},{y})">'
            f'<text x="0" y="13">{esc(_fit(names[industry]))}</text>'
            f'<g transform="translate(0,{TITLE})">{drawn}</g></g>'
        )
    width = columns * cell_w
    total = rows * cell_h + LEGEND
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total:.0f}" '
        f'viewBox="0 0 {width} {total:.0f}" font-family="sans-serif" font-size="12" '
        f'fill="#222">{"".join(cells)}'
        f"{_legend(present, lang, rows * cell_h)}</svg>"
    )


def _legend(present: set[str], lang: str, top: float) -> str:
    items: list[str] = []
    x: float = 0
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
