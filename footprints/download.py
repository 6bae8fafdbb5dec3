"""Tables for download in one language: names in the chosen language, ids in extra columns.

The comparison and map tables carry ids (adcodes, industry ids, role and status ids) and the
names of both languages side by side (``city``/``city_en``). A planner's download shows one
language: :func:`for_download` turns each known column into its name in ``lang`` (headed by
the catalogue's ``download.column.<name>``), keeps the ids in extra columns headed
``download.id.<name>``, and drops the other language's columns. Wide tables whose columns
are industry ids (the city × industry matrix) are headed by the industries' names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import geopandas as gpd
import pandas as pd

from footprints.export import shapes_to_geojson, with_geometry
from geodata import place, place_name
from layout_rules import Rules
from layout_rules.vocab import ROLES, STATUSES, role_label, status_label
from words import languages, t, text_field, text_in

_IDS = ("adcode", "document", "baseline", "industry_id", "role", "baseline_tier", "status",
        "industry_a", "industry_b")  # fmt: skip
"""Columns whose values are ids: each keeps an id column beside its names."""

_PLAIN = ("section", "quote", "baseline_section", "baseline_quote", "later_section",
          "later_quote", "count", "weight", "cities_a", "cities_b", "shared", "union", "jaccard",
          "cities", "area_km2", "share", "similarity")  # fmt: skip
"""Columns copied as they are (quotes stay verbatim), under a header in the language."""


def for_download(
    frame: pd.DataFrame, lang: str, rules: Rules, *, document: str | None = None
) -> pd.DataFrame:
    """Return ``frame`` with names in ``lang`` and its ids in extra columns at the end.

    Parameters
    ----------
    frame
        A table of :mod:`footprints` or of the map (its index becomes a column).
    lang
        The language of the headers and names.
    rules
        The rules the table was made from (names of documents and industries).
    document
        The document whose industry names win where two documents use one industry id.
    """
    industries, documents = _names(rules, document)
    flat = frame.reset_index() if _named_index(frame) else frame
    names: dict[str, pd.Series] = {}
    ids: dict[str, pd.Series] = {}
    for column in flat.columns:
        header, values, id_values = _column(flat, str(column), lang, industries, documents)
        if header is not None:
            names[header] = values
        if id_values is not None:
            ids[t(f"download.id.{_id_key(str(column))}", lang)] = id_values
    return pd.DataFrame({**names, **ids})


def _names(
    rules: Rules, document: str | None
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Return industry and document names by id and language."""
    langs = languages()
    documents = {k: {g: text_in(d.document, "title", g) for g in langs}
                 for k, d in rules.documents.items()}  # fmt: skip
    order = [k for k in rules.documents if k != document]
    order += [k for k in rules.documents if k == document]  # its names win
    industries = {
        i.id: {g: text_in(i, "name", g) for g in langs}
        for k in order for i in rules.documents[k].industries
    }  # fmt: skip
    return industries, documents


def _named_index(frame: pd.DataFrame) -> bool:
    return frame.index.name is not None or not isinstance(frame.index, pd.RangeIndex)


def _id_key(column: str) -> str:
    keys = {"baseline": "document", "baseline_tier": "role", "index": "industry_id"}
    return keys.get(column, column)


_Column = tuple[str | None, pd.Series, pd.Series | None]
"""(header in the language or None to drop the column, values in the language, ids or None)."""

_ADCODE_LENGTH = 6


def _column(
    flat: pd.DataFrame,
    column: str,
    lang: str,
    industries: Mapping[str, Mapping[str, str]],
    documents: Mapping[str, Mapping[str, str]],
) -> _Column:
    """Return one column in ``lang`` (see :data:`_Column`)."""
    values = flat[column]
    special = _special_column(flat, column, lang, industries)
    if special is not None:
        return special

    def place_in(value: object) -> object:
        # Plain text: a romanised county name says so ("(romanised)").
        return place_name(str(value), lang=lang, marked=True) if value else value

    lists = lambda v: t("sep.list", lang).join(str(place_in(p)) for p in _items(v))  # noqa: E731
    industry = lambda v: industries.get(str(v), {}).get(lang, v)  # noqa: E731
    converters: dict[str, Callable[[object], object]] = {
        "adcode": lambda v: place_name(place(str(v)).short_name, lang=lang),
        "document": lambda v: documents.get(str(v), {}).get(lang, v),
        "baseline": lambda v: documents.get(str(v), {}).get(lang, v),
        "industry_id": industry,
        "industry_a": industry,
        "industry_b": industry,
        "later_industries": lambda v: _each(v, lambda i: industries.get(i, {}).get(lang, i), lang),
        "places": lists,
        "shared_cities": lists,
        "city_names": lists,
        "place": place_in,
        "kind": lambda v: t(f"download.kind.{v}", lang) if v in ("shared", "unique") else v,
    }
    convert = converters.get(column) or (lambda v: _label(v, lang, industries))
    if column in _PLAIN:
        convert = _verbatim
    named = {"adcode": "city", "industry_id": "industry"}.get(column)
    if named is not None and named in flat:
        return None, values, values  # the name column is there: keep only the ids
    header = column
    if column in ROLES:
        header = role_label(column, lang=lang)
    elif column in _HEADED:
        key = {"adcode": "city", "industry_id": "industry"}.get(column, column)
        header = t(f"download.column.{key}", lang)
    return header, values.map(convert), (values if column in _IDS else None)


def _special_column(
    flat: pd.DataFrame, column: str, lang: str, industries: Mapping[str, Mapping[str, str]]
) -> _Column | None:
    """Return a column that is not one value per cell to convert: pairs, wide tables."""
    values = flat[column]
    if column in ("name_a", "name_b"):  # the names of industry_a/_b, shown from their ids
        return None, values, None
    if column.isdigit() and len(column) == _ADCODE_LENGTH:  # one column per city
        city = place_name(place(column).short_name, lang=lang)
        return city, values.map(lambda v: _label(v, lang, industries)), None
    if column.endswith("_en") or f"{column}_en" in flat:
        return _translated_pair(flat, column, lang)
    named = (
        _named_from_id(flat, column, lang, industries) if column in ("city", "industry") else None
    )
    if named is not None:  # a Chinese-only name column, named from its ids
        return named
    if column in industries or column == "index":  # one column per industry, or their rows
        name = industries[column][lang] if column in industries else None
        shown = values.map(lambda v: _label(v, lang, industries))
        ids = values if column == "index" else None
        return name or t("download.column.industry", lang), shown, ids
    return None


def _named_from_id(
    flat: pd.DataFrame, column: str, lang: str, industries: Mapping[str, Mapping[str, str]]
) -> _Column | None:
    """Return a Chinese-only ``city``/``industry`` column named from its ids in ``lang``."""
    ids = {"city": "adcode", "industry": "industry_id"}[column]
    if ids not in flat:
        return None
    if column == "city":
        names = flat[ids].map(lambda v: place_name(place(str(v)).short_name, lang=lang) if v else v)
    else:
        names = flat[ids].map(lambda v: industries.get(str(v), {}).get(lang, v))
    return t(f"download.column.{column}", lang), names, None


def _translated_pair(
    flat: pd.DataFrame, column: str, lang: str
) -> tuple[str | None, pd.Series, pd.Series | None]:
    """Return the language's column of a ``name``/``name_en`` pair; drop the other one."""
    base = column.removesuffix("_en")
    if column.endswith("_en"):
        return None, flat[column], None
    field = text_field(base, lang)
    shown = flat[field] if field in flat else flat[base]
    if base == "themes":
        shown = shown.map(lambda v: _plain(v, lang))
    return t(f"download.column.{base}", lang), shown, None


def _label(value: object, lang: str, industries: Mapping[str, Mapping[str, str]]) -> object:
    """Return a role, status, industry id (or a list of them) as ``lang`` names it."""
    if isinstance(value, bool):
        return t(f"download.{'yes' if value else 'no'}", lang)
    if isinstance(value, tuple):
        return t("sep.list", lang).join(_one_label(str(v), lang, industries) for v in value)
    if not isinstance(value, str):
        return value
    return _each(value, lambda v: _one_label(v, lang, industries), lang)


def _one_label(value: str, lang: str, industries: Mapping[str, Mapping[str, str]]) -> str:
    if value in ROLES:
        return role_label(value, lang=lang)
    if value in STATUSES:
        return status_label(value, lang=lang)
    if value in industries:
        return industries[value][lang]
    if value in _RELATIONS:
        return t(f"compare.relation.{value}", lang)
    return value


_RELATIONS = ("same", "broader", "narrower", "overlaps")


def _items(value: object) -> list[str]:
    """Return the items of a cell: a tuple, or a text listing them with ``,`` or ``、``."""
    if isinstance(value, tuple):
        return [str(v) for v in value]
    if not isinstance(value, str):
        return []
    return [part for part in re.split("[,、]", value) if part]


def _each(value: object, one: Callable[[str], str], lang: str) -> object:
    """Apply ``one`` to each id listed in a cell, joined as the language lists."""
    if not isinstance(value, str) or not value:
        return value
    return t("sep.list", lang).join(one(part) for part in _items(value))


def _verbatim(value: object) -> object:
    """Return a cell as it is: quotes and sections stay as the documents write them."""
    return value


def _plain(value: object, lang: str = "zh") -> object:
    """Return a list of names (a tuple, or a text joined with 、) as the language lists them."""
    if isinstance(value, tuple):
        return t("sep.list", lang).join(str(v) for v in value)
    if isinstance(value, str) and "、" in value:
        return t("sep.list", lang).join(part for part in value.split("、") if part)
    return value


_HEADED = frozenset(
    {
        "adcode", "document", "baseline", "industry_id", "role", "roles", "places", "place",
        "open_list", "section", "quote", "weight", "count", "core", "expansion", "other",
        "baseline_tier", "later_roles", "later_industries", "relations", "status",
        "baseline_section", "baseline_quote", "later_section", "later_quote", "industries",
        "designated", "city", "industry_a", "industry_b", "cities_a", "cities_b", "shared",
        "union", "jaccard", "shared_cities", "cities", "city_names", "area_km2", "share",
        "similarity", "kind",
    }
)  # fmt: skip
"""Columns headed by the catalogue's ``download.column.<name>``; others keep their name."""


def long_form(wide: pd.DataFrame, *, row: str, column: str, value: str) -> pd.DataFrame:
    """Return a wide table as one row per cell, with the ids of its row and of its column.

    A wide download (cities side by side, the city × industry matrix) is headed by names in
    the chosen language, so a machine cannot join its columns; the long form names both
    axes by id in every row, and :func:`for_download` then adds the names in a language
    beside the ids. Every wide sheet of a workbook comes with its long form.

    Parameters
    ----------
    wide
        Rows indexed by ids, one column per id (industry ids, adcodes), and nothing else.
    row, column, value
        The names of the row ids, the column ids and the cells in the long form.

    Returns
    -------
    DataFrame
        Columns ``row``, ``column``, ``value``: rows in the wide table's order, each row's
        cells in its column order.

    Examples
    --------
    >>> wide = pd.DataFrame({"510100": ["core"], "510700": ["expansion"]},
    ...                     index=pd.Index(["biotech"], name="industry_id"))
    >>> long_form(wide, row="industry_id", column="adcode", value="role").values.tolist()
    [['biotech', '510100', 'core'], ['biotech', '510700', 'expansion']]
    """
    axes = [wide.index.astype(str), wide.columns.astype(str)]
    keys = pd.MultiIndex.from_product(axes, names=[row, column])
    return pd.Series(wide.to_numpy().ravel(), index=keys, name=value).reset_index()


def geojson_for_download(
    frame: pd.DataFrame,
    prefectures: gpd.GeoDataFrame,
    lang: str,
    rules: Rules,
    *,
    document: str | None = None,
) -> bytes:
    """Return a one-row-per-city table as GeoJSON whose properties are in ``lang``.

    The shapes are joined on ``adcode`` (see :func:`footprints.export.with_geometry`); the
    properties are :func:`for_download`'s, so the adcode stays as an id property. A wide
    table (one column per industry: the city × industry matrix, the changes by city) also
    gets its cells by id, as the workbook's long sheet gives them: one more property
    (``download.id.by_industry``) maps each industry id to the cell's id (a role, a status),
    the same in every language, so a machine can join the file without reading names.
    """
    joined = with_geometry(frame, prefectures)
    added = [c for c in ("name", "short_name", "name_en") if c not in frame.columns]
    table = pd.DataFrame(joined.drop(columns=[*added, "geometry"]))
    shown = for_download(table, lang, rules, document=document)
    by_industry = _cells_by_industry(table, rules)
    if by_industry is not None:
        shown[t("download.id.by_industry", lang)] = by_industry
    shapes = gpd.GeoDataFrame(shown, geometry=joined.geometry.to_numpy(), crs=joined.crs)
    return shapes_to_geojson(shapes)


def _cells_by_industry(table: pd.DataFrame, rules: Rules) -> pd.Series | None:
    """Return each row's cells as ``{industry id: cell id}``, or None without such columns.

    >>> from layout_rules import load_rules
    >>> wide = pd.DataFrame({"adcode": ["510100"], "biotech": ["core"], "count": [1]})
    >>> _cells_by_industry(wide, load_rules()).tolist()
    [{'biotech': 'core'}]
    """
    known = {i.id for d in rules.documents.values() for i in d.industries}
    columns = [c for c in table.columns if c in known]
    if not columns:
        return None
    cells = table[columns].astype(object).where(table[columns].notna(), None)
    return pd.Series(cells.to_dict("records"), index=table.index, dtype=object)
