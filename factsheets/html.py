"""Rendering a :class:`~factsheets.content.FactSheet` as one self-contained HTML page.

The page carries its stylesheet and its maps (inline SVG) and refers to nothing outside
itself, so it opens offline and prints as is; the PDF is rendered from the same page. Jinja's
autoescape is on, and every ``{{ }}`` output passes through
:func:`layout_rules.text.escape_html` (the environment's ``finalize``), the project's one
escaping helper; only our stylesheet and our SVG maps, which escape their own text, are
inserted as markup.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from factsheets._errors import FactSheetError
from factsheets.content import FactSheet, RoleMark
from factsheets.fonts import font_stack
from factsheets.maps import (
    MapLayers,
    city_svg,
    industry_svg,
    map_layers,
    province_svg,
    small_map_paths,
)
from geodata import label_name, place_name
from layout_rules.text import escape_html
from layout_rules.vocab import ROLES, role_colour, role_label
from words import languages, romanised, t, text_in

TEMPLATES = Path(__file__).resolve().parent / "templates"
_DARK_INK, _LIGHT_INK = "#1c2833", "#ffffff"
_LUMINANCE_SPLIT = 0.55


def _escape(value: object) -> Markup:
    """Jinja ``finalize``: our own markup passes, everything else goes through escape_html."""
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(value))


def ink(colour: str) -> str:
    """Return dark or white text colour, whichever reads better on the ``#rrggbb`` fill.

    >>> ink("#c0392b"), ink("#f6e7c1")
    ('#ffffff', '#1c2833')
    """
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return _DARK_INK if luminance > _LUMINANCE_SPLIT else _LIGHT_INK


def group_marks(marks: Iterable[RoleMark]) -> list[tuple[str, tuple[str, ...], tuple[int, ...]]]:
    """Group a row's marks by role: (role, counties as written, footnote numbers).

    >>> group_marks([RoleMark("lead", "仁寿县", 9), RoleMark("lead", "彭山区", 9)])
    [('lead', ('仁寿县', '彭山区'), (9,))]
    """
    groups: dict[str, tuple[dict[str, None], dict[int, None]]] = {}
    for mark in marks:
        places, notes = groups.setdefault(mark.role, ({}, {}))
        if mark.place:
            places[mark.place] = None
        notes[mark.note] = None
    return [(role, tuple(places), tuple(sorted(notes))) for role, (places, notes) in groups.items()]


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        t=t,
        text_in=text_in,
        role_label=role_label,
        role_colour=role_colour,
        ink=ink,
        group_marks=group_marks,
        place_name=place_name,
        label_name=label_name,
        places_in=places_in,
    )
    return environment


def places_in(places: Iterable[str], lang: str) -> str:
    """Return places as written, each named as ``lang`` names it, joined as a list."""
    return t("sep.list", lang).join(place_name(name, lang=lang) for name in places)


@functools.cache
def _stylesheet() -> Markup:
    return Markup((TEMPLATES / "fact_sheet.css").read_text(encoding="utf-8"))


def render_html(sheet: FactSheet, *, lang: str = "zh", fonts: str | None = None) -> str:
    """Return the fact sheet as a self-contained HTML page.

    Parameters
    ----------
    sheet
        The content, from :func:`~factsheets.content.fact_sheet`.
    lang
        ``zh`` (headings and names in Chinese) or ``en`` (English where the data has it;
        quotes stay in Chinese, as written).
    fonts
        A CSS ``font-family`` value; the fallback CJK stack when omitted. The PDF renderer
        passes the stack that starts with the font it found.

    Raises
    ------
    FactSheetError
        If ``lang`` is not ``zh`` or ``en``.
    """
    if lang not in languages():
        msg = f"unknown language {lang!r}; choose one of {', '.join(languages())}"
        raise FactSheetError(msg)
    stack = fonts or font_stack(None)
    return (
        _environment()
        .get_template("fact_sheet.html.j2")
        .render(
            sheet=sheet,
            lang=lang,
            css=_stylesheet(),
            fonts=Markup(stack),
            maps=_maps(sheet, stack, lang=lang),
            legend_roles=_legend_roles(sheet),
        )
    )


def _maps(sheet: FactSheet, fonts: str, *, lang: str) -> dict[str, object]:
    small, paths = map_layers("small"), small_map_paths()
    industries = [
        (
            item,
            Markup(
                industry_svg(
                    small,
                    dict(item.roles),
                    sheet.adcode,
                    title=text_in(item, "industry", lang),
                    font_family=fonts,
                    paths=paths,
                )
            ),
        )
        for item in sheet.industry_maps
    ]
    return {
        "province": Markup(
            province_svg(map_layers("province"), sheet.adcode, font_family=fonts, lang=lang)
        ),
        "city": Markup(
            city_svg(
                map_layers("city"),
                sheet.adcode,
                named_counties=sheet.counties,
                font_family=fonts,
                lang=lang,
            )
        ),
        "industries": industries,
        "city_romanised": _romanised_counties(map_layers("city"), sheet.adcode, lang),
    }


def _romanised_counties(layers: MapLayers, adcode: str, lang: str) -> bool:
    """Return whether the city map's county names are romanisations in ``lang`` (italic)."""
    counties = layers.counties[layers.counties["prefecture_adcode"] == adcode]
    return any(romanised(row, "name", lang) for row in counties.itertuples())


def _legend_roles(sheet: FactSheet) -> list[str]:
    """Return the roles the small maps show, in vocabulary order, plus 'not named'."""
    shown = {role for item in sheet.industry_maps for _, role in item.roles}
    return [role for role in ROLES if role in shown or role == "none"]
