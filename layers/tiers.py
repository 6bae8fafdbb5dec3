"""Prefectures coloured by tier (one industry) or by how many industries name them (several).

Each builder returns a :class:`folium.FeatureGroup` so the app can pass it to
``st_folium(feature_group_to_add=…)`` and swap it without remounting the map. Every piece
of data text goes through :func:`layout_rules.text.escape_html` here, before folium sees it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

import folium
import pandas as pd

from layers._errors import LayersError
from layers.elements import Focus, Labels, Legend, Polygons, Shapes
from layers.placement import priority
from layers.tables import Record, records
from layout_rules.text import escape_html as esc
from layout_rules.vocab import NAMED_TIERS, ROLES, role_colour, role_label
from words import t, text_in

BORDER = {"color": "#ffffff", "weight": 1, "opacity": 1, "fillOpacity": 0.85}
SELECTED_EDGE = "#1b2631"
"""Outline colour of the selected city."""
SELECTED = {"color": SELECTED_EDGE, "weight": 3.5, "opacity": 1, "fillOpacity": 0.9}
HOVER = {"color": "#34495e", "weight": 2.5}


def city_name(row: Record, lang: str) -> str:
    """Return the escaped display name: the short Chinese name, or its translation in ``lang``."""
    name = text_in(row, "city", lang)
    return esc(name)


def role_counts(cities: pd.DataFrame) -> dict[str, int]:
    """Return role -> number of cities, in vocabulary order (``none`` for unnamed cities).

    >>> role_counts(pd.DataFrame({"role": ["core", "", "core", "radiated"]}))
    {'core': 2, 'radiated': 1, 'none': 1}
    """
    found = Counter("none" if role == "" else role for role in cities["role"].tolist())
    return {role: found[role] for role in ROLES if role in found}  # pandas: 2 ms a call


def _style(fill: str, *, selected: bool) -> dict[str, object]:
    return {**(SELECTED if selected else BORDER), "fillColor": fill}


def _styles_for(fills: Sequence[str]) -> list[dict[str, object]]:
    """Two styles per fill: plain at ``2k``, selected at ``2k + 1``."""
    return [_style(fill, selected=s) for fill in fills for s in (False, True)]


def tier_tooltip(row: Record, lang: str) -> str:
    """Return the escaped HTML tooltip of one city: name, role, other roles, focus themes."""
    role = str(row["role"]) or "none"
    lines = [f"<b>{city_name(row, lang)}</b>", esc(role_label(role, lang=lang))]
    others = [r for r in row["roles"] if r != role]
    items = t("sep.list", lang)
    if others:
        labels = items.join(esc(role_label(r, lang=lang)) for r in others)
        lines.append(f"{esc(t('map.also', lang))}: {labels}")
    if row["themes"]:
        themes = items.join(esc(theme) for theme in text_in(row, "themes", lang))
        lines.append(f"{esc(t('map.focus', lang))}: {themes}")
    return "<br>".join(lines)


def tier_layer(
    cities: pd.DataFrame,
    shapes: Shapes,
    *,
    lang: str = "zh",
    selected: str | None = None,
) -> folium.FeatureGroup:
    """Return the prefectures coloured by their strongest role for one industry.

    Parameters
    ----------
    cities
        :func:`layers.tables.city_roles` output.
    shapes
        Encoded prefecture shapes by adcode, or their shape files, in the datum of the base map.
    lang
        ``zh`` or ``en`` for names and role labels.
    selected
        Adcode of the selected city, drawn with a dark outline.
    """
    roles = [str(r) or "none" for r in cities["role"]]
    order = list(dict.fromkeys(roles))
    features = [
        {
            "id": row["adcode"],
            "style": 2 * order.index(role) + (row["adcode"] == selected),
            "tooltip": tier_tooltip(row, lang),
        }
        for row, role in zip(records(cities), roles, strict=True)
    ]
    group = folium.FeatureGroup(name=t("map.layer.tiers", lang), overlay=True, control=True)
    styles = _styles_for([role_colour(r) for r in order])
    Polygons(shapes, features, styles, hover=HOVER, pane="fills").add_to(group)
    Focus(selected).add_to(group)
    return group


def tier_legend(
    cities: pd.DataFrame,
    *,
    title: str,
    lang: str = "zh",
    open_list: bool = False,
    click_hint: bool = True,
    selected: bool = False,
) -> folium.FeatureGroup:
    """Return a legend (in its own feature group) of the roles on the map, with city counts.

    ``click_hint`` adds "click a city for its profile": true in the app, false in an export,
    where a click has no profile to show. ``selected`` adds the outline of the selected city.
    """
    rows = [
        f'<div><i style="background:{role_colour(role)}"></i>'
        f"{esc(role_label(role, lang=lang))} · {count}</div>"
        for role, count in role_counts(cities).items()
    ]
    rows += [selected_row(lang)] if selected else []
    notes = [t("map.open_list", lang)] if open_list else []
    if click_hint:
        notes.append(t("map.click", lang))
    html = _legend_html(title, rows, notes)
    group = folium.FeatureGroup(name=t("map.layer.legend", lang), control=False)
    Legend(html).add_to(group)
    return group


def selected_row(lang: str) -> str:
    """Return the legend row of the selected city's outline."""
    swatch = f'<i class="scx-outline" style="border:3px solid {SELECTED_EDGE}"></i>'
    return f"<div>{swatch}{esc(t('map.selected', lang))}</div>"


def _legend_html(title: str, rows: Sequence[str], notes: Sequence[str]) -> str:
    body = "".join(rows)
    foot = "".join(f'<div class="scx-note">{esc(note)}</div>' for note in notes)
    return f"<h4>{esc(title)}</h4>{body}{foot}"


def label_layer(places: pd.DataFrame, *, lang: str = "zh") -> folium.FeatureGroup:
    """Return city names at their label points (``adcode``, ``city``, ``city_en``, lon/lat)."""
    items = [
        {"lat": row["label_lat"], "lon": row["label_lon"], "html": city_name(row, lang),
         "kind": "city", "priority": priority("prefecture"), "id": row["adcode"]}
        for row in records(places)
    ]  # fmt: skip
    group = folium.FeatureGroup(name=t("map.layer.labels", lang), overlay=True, control=True)
    Labels(items).add_to(group)
    return group


# --- several industries ---------------------------------------------------------------------


PALETTES = files("layers").joinpath("palettes.toml")
"""Map colours that are not role colours: the count palette (see :func:`count_palette`)."""
_COLOUR = re.compile(r"#[0-9a-f]{6}")
_MIN_STOPS = 2
"""A ramp needs two ends."""


@cache
def count_palette() -> tuple[str, tuple[str, ...]]:
    """Return the count palette of :data:`PALETTES`: the colour of zero, and the stops.

    Raises
    ------
    LayersError
        If the file cannot be read or a colour is not ``#rrggbb`` (naming file and entry).
    """
    try:
        data = tomllib.loads(PALETTES.read_text(encoding="utf-8"))
        zero, stops = data["count"]["zero"], tuple(data["count"]["stops"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        msg = f"{PALETTES}: [count] needs zero and stops: {error}"
        raise LayersError(msg) from error
    bad = [c for c in (zero, *stops) if not (isinstance(c, str) and _COLOUR.fullmatch(c))]
    if bad or len(stops) < _MIN_STOPS:
        msg = f"{PALETTES}: [count] colours must be #rrggbb, at least two stops; got {bad or stops}"
        raise LayersError(msg)
    return zero, stops


def ramp(steps: int) -> list[str]:
    """Return ``steps`` colours spread evenly along the count palette's stops.

    The counts have their own sequential palette, not the tier colours: on the tier map
    red means "core development zone", never "three industries".

    >>> ramp(3)
    ['#edf8b1', '#56a6ba', '#253494']
    """
    stops = [_rgb(c) for c in count_palette()[1]]
    if steps == 1:
        return [_hex(stops[-1])]
    colours = []
    for k in range(steps):
        at = (len(stops) - 1) * k / (steps - 1)
        left = min(int(at), len(stops) - 2)
        frac = at - left
        pair = zip(stops[left], stops[left + 1], strict=True)
        colours.append(_hex(tuple(a + (b - a) * frac for a, b in pair)))
    return colours


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def count_colours(total: int) -> list[str]:
    """Return the fill for counts ``0..total``: the palette's zero, then the ramp."""
    zero = count_palette()[0]
    return [zero, *ramp(total)] if total else [zero]


def count_tooltip(row: Record, names: Mapping[str, str], lang: str) -> str:
    """Return the escaped tooltip of a city in the overlay view: its breakdown by role."""
    lines = [f"<b>{city_name(row, lang)}</b> · {int(row['count'])}"]
    for key in (*NAMED_TIERS, "other"):
        ids = row[key]
        if ids:
            listed = "、".join(esc(names.get(i, i)) for i in ids)
            lines.append(f"{esc(t(f'map.role_for.{key}', lang))}: {listed}")
    return "<br>".join(lines)


def count_layer(
    counts: pd.DataFrame,
    shapes: Shapes,
    *,
    names: Mapping[str, str],
    total: int,
    lang: str = "zh",
    selected: str | None = None,
) -> folium.FeatureGroup:
    """Return the prefectures coloured by how many of ``total`` industries name them.

    ``counts`` is :func:`layers.tables.industry_counts` output; ``names`` maps industry ids
    to display names for the tooltip breakdown.
    """
    fills = count_colours(total)
    features = [
        {
            "id": row["adcode"],
            "style": 2 * int(row["count"]) + (row["adcode"] == selected),
            "tooltip": count_tooltip(row, names, lang),
        }
        for row in records(counts)
    ]
    group = folium.FeatureGroup(name=t("map.layer.overlay", lang), overlay=True, control=True)
    Polygons(shapes, features, _styles_for(fills), hover=HOVER, pane="fills").add_to(group)
    Focus(selected).add_to(group)
    return group


def count_legend(
    counts: pd.DataFrame,
    *,
    total: int,
    title: str,
    lang: str = "zh",
    click_hint: bool = True,
    selected: bool = False,
) -> folium.FeatureGroup:
    """Return the legend of the overlay view: one swatch per count, with city numbers.

    ``click_hint`` as in :func:`tier_legend`; ``selected`` adds the selected city's outline.
    Only counts some city has are listed (no "0 cities" rows).
    """
    fills = count_colours(total)
    found = counts["count"].value_counts()
    rows = [
        f'<div><i style="background:{fills[n]}"></i>{n} · {int(found[n])} '
        f"{esc(t('map.cities', lang))}</div>"
        for n in range(total, -1, -1)
        if n in found.index
    ]
    rows += [selected_row(lang)] if selected else []
    html = _legend_html(title, rows, [t("map.click", lang)] if click_hint else [])
    group = folium.FeatureGroup(name=t("map.layer.legend", lang), control=False)
    Legend(html).add_to(group)
    return group
