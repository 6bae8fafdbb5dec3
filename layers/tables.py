"""The joined data behind the map: what each city is for the chosen industries, and overlays.

Pure functions of the validated rules (and, for shapes, of the boundaries): no folium, no
Streamlit. The map layers draw these frames, the app shows them and the downloads write them,
so what a planner sees, reads and exports is one table.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

import geodata
from geodata.places import Place, find_place, prefecture_of
from layers._errors import LayersError
from layout_rules import Rules, prefectures, roles_table
from layout_rules.schema import Cluster, Corridor, Park
from layout_rules.vocab import CLUSTER_ROLES, DESIGNATED, NAMED_TIERS, TIERS, by_strength


@dataclass(frozen=True)
class Boundaries:
    """The WGS84 boundaries a view draws from (the app loads the ``web`` variant)."""

    province: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame

    @classmethod
    def load(cls, variant: geodata.VariantName = "web") -> Boundaries:
        """Return one variant of the cached boundaries (built first if missing or stale)."""
        return cls(
            province=geodata.load_province(variant=variant),
            prefectures=geodata.load_prefectures(variant=variant),
            counties=geodata.load_counties(variant=variant),
        )


Record = Mapping[Hashable, Any]
"""One row of a table as ``DataFrame.to_dict("records")`` gives it: column -> value."""


def records(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """Return the rows of ``frame`` as dicts, like ``frame.to_dict("records")``, faster.

    Column by column (``tolist`` gives Python scalars, as ``to_dict`` does): pandas builds
    ``to_dict("records")`` from a positional lookup per column and row, some 2 ms a table,
    a dozen tables per switch of the map.

    >>> records(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    columns = list(frame.columns)
    values = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


CITY_COLUMNS = (
    "adcode", "city", "city_en", "role", "roles", "themes", "places", "open_list",
    "section", "quote", "themes_en",
)  # fmt: skip


def check_industries(rules: Rules, document: str, industries: Sequence[str]) -> None:
    """Raise :class:`LayersError` unless every industry id belongs to the document."""
    known = [industry.id for industry in rules.document(document).industries]
    unknown = [i for i in industries if i not in known]
    if unknown:
        msg = f"unknown industry {', '.join(unknown)} in {document}; known: {', '.join(known)}"
        raise LayersError(msg)


def has_layout(rules: Rules, document: str) -> bool:
    """Return True when some industry of the document has a core/expansion layout sentence."""
    return any(industry.layout is not None for industry in rules.document(document).industries)


def focus_table(rules: Rules, *, document: str) -> pd.DataFrame:
    """Return the focus entries of a document, lifted to prefectures.

    Columns ``industry_id``, ``adcode`` (prefecture), ``place`` (as written), ``themes``
    and ``parks`` (tuples of names), ``section``, ``quote``.
    """
    doc = rules.document(document)
    parks = {park.id: park.name for park in doc.parks}
    rows = [
        (
            industry.id,
            prefecture_of(focus.place),
            focus.place,
            tuple(focus.themes),
            tuple(parks[p] for p in focus.parks),
            focus.source.section,
            focus.source.quote,
            tuple(focus.themes_en or focus.themes),
        )
        for industry in doc.industries
        for focus in industry.focus
    ]
    columns = ["industry_id", "adcode", "place", "themes", "parks", "section", "quote", "themes_en"]
    return pd.DataFrame(rows, columns=columns).dropna(subset=["adcode"])


def city_roles(rules: Rules, *, document: str, industry: str) -> pd.DataFrame:
    """Return one row per prefecture: its strongest role for the industry, and the evidence.

    Parameters
    ----------
    rules
        Loaded rules.
    document, industry
        Document id and one of its industry ids.

    Returns
    -------
    DataFrame
        21 rows in adcode order, columns :data:`CITY_COLUMNS`: ``role`` is the strongest
        role (tiers first, then designations; ``""`` when the document does not name the
        city), ``roles`` all of them, ``themes`` the focus themes, ``places`` the places as
        written, ``open_list`` whether the layout ends in 等地, ``section``/``quote`` the
        source of the strongest role.

    Raises
    ------
    LayersError
        If the industry is not one of the document's.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = city_roles(load_rules(), document="sei-2016-2020", industry="next-gen-it")
    >>> table.set_index("city").loc[["成都", "泸州", "甘孜"], "role"].tolist()
    ['core', 'expansion', 'radiated']
    """
    check_industries(rules, document, [industry])
    roles = roles_table(rules)
    roles = roles[(roles["document"] == document) & (roles["industry_id"] == industry)]
    focus = focus_table(rules, document=document)
    focus = focus[focus["industry_id"] == industry]
    by_city: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in roles[["adcode", "role", "place", "section", "quote"]].itertuples(index=False):
        by_city.setdefault(row[0], []).append(tuple(row[1:]))
    themes: dict[str, list[tuple[str, str]]] = {}
    for adcode, found, found_en in zip(
        focus["adcode"], focus["themes"], focus["themes_en"], strict=True
    ):
        themes.setdefault(adcode, []).extend(zip(found, found_en, strict=True))
    layout = rules.industry(document, industry).layout
    open_list = bool(layout.open_list) if layout is not None else False
    rows = [
        _city_row(city, by_city.get(city.adcode, []), themes.get(city.adcode, []), open_list)
        for city in prefectures()
    ]
    return pd.DataFrame(rows, columns=list(CITY_COLUMNS))


def _city_row(
    city: Place,
    roles: list[tuple[str, str, str, str]],
    themes: list[tuple[str, str]],
    open_list: bool,
) -> tuple[object, ...]:
    """One city's row; ``roles`` are (role, place, section, quote), ``themes`` (zh, en)."""
    unique = list(dict.fromkeys(themes))
    ordered = by_strength(roles, role=lambda r: r[0])
    found = tuple(dict.fromkeys(r[0] for r in ordered))
    first = ordered[0] if ordered else ("", "", "", "")
    return (
        city.adcode,
        city.short_name,
        city.name_en,
        first[0],
        found,
        tuple(dict.fromkeys(zh for zh, _ in unique)),
        tuple(dict.fromkeys(r[1] for r in ordered if r[1])),
        open_list,
        first[2],
        first[3],
        tuple(dict.fromkeys(en for _, en in unique)),
    )


def industry_counts(
    rules: Rules, *, document: str, industries: Sequence[str], named: bool = False
) -> pd.DataFrame:
    """Return, per prefecture, for how many of the industries it is core / expansion.

    For documents without a layout sentence, or with ``named``, every role that names the
    city counts (lead, base, pilot, named … as well as core and expansion; never radiated).

    Returns
    -------
    DataFrame
        21 rows: ``adcode``, ``city``, ``city_en``, ``count`` (industries with a counted
        role), ``core``, ``expansion``, ``other`` (each a tuple of industry ids).

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> counts = industry_counts(load_rules(), document="sei-2016-2020",
    ...                          industries=["next-gen-it", "biotech"])
    >>> int(counts.set_index("city").loc["成都", "count"])
    2
    """
    check_industries(rules, document, industries)
    strong = set(NAMED_TIERS) if has_layout(rules, document) and not named else set(DESIGNATED)
    per_industry = {i: city_roles(rules, document=document, industry=i) for i in industries}
    rows = []
    for k, city in enumerate(prefectures()):
        best = {i: frame.iloc[k]["role"] for i, frame in per_industry.items()}
        by = {t: tuple(i for i, r in best.items() if r == t) for t in NAMED_TIERS}
        other = tuple(i for i, r in best.items() if r and r not in TIERS)
        counted = sum(1 for frame in per_industry.values() if strong & set(frame.iloc[k]["roles"]))
        rows.append((city.adcode, city.short_name, city.name_en, counted, *by.values(), other))
    columns = ["adcode", "city", "city_en", "count", *NAMED_TIERS, "other"]
    return pd.DataFrame(rows, columns=columns)


# --- overlays -------------------------------------------------------------------------------


CLUSTER_COLUMNS = (
    "id", "name", "name_en", "kind", "group", "members", "outside", "places", "open_list",
    "note", "note_en", "section", "quote",
)  # fmt: skip
PARK_COLUMNS = (
    "id", "name", "name_en", "kind", "host", "host_adcode", "host_name", "host_name_en",
    "lon", "lat", "industries", "note", "note_en", "section", "quote", "host_name_en_romanised",
)  # fmt: skip
CORRIDOR_COLUMNS = (
    "id", "name", "name_en", "kind", "labels", "coords", "industries", "note", "note_en",
    "section", "quote", "stops",
)  # fmt: skip


def _linked(record_industries: Iterable[str], industries: Sequence[str]) -> bool:
    """Overlays follow the chosen industries where they are linked to one."""
    linked = set(record_industries)
    return not linked or bool(linked & set(industries))


def _record_table(
    rules: Rules,
    kind: str,
    row: Callable[[Any], tuple[object, ...]],
    columns: Sequence[str],
    *,
    document: str,
    industries: Sequence[str],
) -> pd.DataFrame:
    """One row per record of a kind (``clusters``, ``parks``, …) shown for the industries."""
    records = getattr(rules.document(document), kind)
    rows = [row(record) for record in records if _linked(record.industries, industries)]
    return pd.DataFrame(rows, columns=list(columns))


def cluster_table(rules: Rules, *, document: str, industries: Sequence[str]) -> pd.DataFrame:
    """Return the document's clusters shown for these industries.

    Columns ``id``, ``name``, ``name_en``, ``kind``, ``group`` (``designations`` for national
    clusters, pilot and demonstration zones, else ``clusters``), ``members`` (Sichuan
    adcodes), ``outside`` (members beyond Sichuan, e.g. 重庆), ``places``, ``open_list``,
    ``note`` (and ``note_en``), ``section``, ``quote``.
    """
    return _record_table(rules, "clusters", _cluster_row, CLUSTER_COLUMNS, document=document,
                         industries=industries)  # fmt: skip


def _cluster_row(cluster: Cluster) -> tuple[object, ...]:
    places = [find_place(name) for name in cluster.places]
    inside = tuple(p.adcode for p in places if p.level != "external")
    outside = tuple(p.short_name for p in places if p.level == "external")
    group = "designations" if cluster.kind in CLUSTER_ROLES else "clusters"
    return (
        cluster.id, cluster.name, cluster.name_en, cluster.kind, group, inside, outside,
        tuple(cluster.places), cluster.open_list, cluster.note or "", cluster.note_en or "",
        cluster.source.section,
        cluster.source.quote,
    )  # fmt: skip


def cluster_shapes(
    clusters: pd.DataFrame,
    *,
    province: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Return the clusters as polygons made by dissolving their members' boundaries.

    Members may be the province, prefectures or counties; places outside Sichuan have no
    polygon here (they are listed in ``outside``). The label point is a point inside.
    """
    frames = (province, prefectures, counties)
    pieces = pd.concat([frame.set_index("adcode").geometry for frame in frames])
    unions = _member_unions(frames)
    for members in map(tuple, clusters["members"]):
        if members not in unions:
            unions[members] = _dissolve(pieces, members)
    shapes = [unions[tuple(members)] for members in clusters["members"]]
    frame = gpd.GeoDataFrame(clusters.copy(), geometry=shapes, crs=prefectures.crs)
    frame = frame[~frame.geometry.is_empty].reset_index(drop=True)
    points = shapely.point_on_surface(frame.geometry.values)
    frame["label_lon"] = shapely.get_x(points)
    frame["label_lat"] = shapely.get_y(points)
    return frame


_UNION_SETS = 4
"""Boundary sets whose member unions are kept: the app has one, tests make a few."""
_Unions = dict[tuple[str, ...], shapely.Geometry]
_unions_by_frames: OrderedDict[tuple[int, ...], tuple[tuple[gpd.GeoDataFrame, ...], _Unions]]
_unions_by_frames = OrderedDict()


def _member_unions(
    frames: tuple[gpd.GeoDataFrame, ...],
) -> _Unions:
    """Return the unions of cluster members made from these boundary frames so far.

    A cluster's polygon is the union of its members' boundaries, the same in every view of
    every industry that shows it; the union is the costly part of a view built on demand (an
    upload, a draft). Kept per boundary set, by identity: the entry holds the frames, so their
    ids stay theirs while it lives.
    """
    key = tuple(id(frame) for frame in frames)
    found = _unions_by_frames.get(key)
    if found is None:
        found = _unions_by_frames[key] = (frames, {})
        while len(_unions_by_frames) > _UNION_SETS:
            _unions_by_frames.popitem(last=False)
    return found[1]


def _dissolve(pieces: pd.Series, members: Sequence[str]) -> shapely.Geometry:
    missing = [code for code in members if code not in pieces.index]
    if missing:
        msg = f"no boundary for member {', '.join(missing)} of a cluster"
        raise LayersError(msg)
    if not members:
        return shapely.Polygon()
    merged = shapely.union_all(pieces.loc[list(members)].values, grid_size=1e-6)
    return shapely.make_valid(merged) if not merged.is_valid else merged


def park_table(rules: Rules, *, document: str, industries: Sequence[str]) -> pd.DataFrame:
    """Return the document's parks for these industries, located at their host's label point.

    Columns ``id``, ``name``, ``name_en``, ``kind``, ``host``, ``host_adcode``,
    ``host_name``, ``host_name_en`` (romanised for a county: ``host_name_en_romanised``),
    ``lon``, ``lat``, ``industries``,
    ``note`` (and ``note_en``), ``section``, ``quote``. Every location is approximate: the
    documents name a host place, never a site.
    """
    return _record_table(rules, "parks", _park_row, PARK_COLUMNS, document=document,
                         industries=industries)  # fmt: skip


def _park_row(park: Park) -> tuple[object, ...]:
    host = find_place(park.host)
    return (
        park.id, park.name, park.name_en or "", park.kind, park.host, host.adcode, host.name,
        host.name_en or host.name, host.label_lon, host.label_lat, tuple(park.industries),
        park.note or "", park.note_en or "", park.source.section, park.source.quote,
        host.name_en_romanised,
    )  # fmt: skip


def corridor_table(rules: Rules, *, document: str, industries: Sequence[str]) -> pd.DataFrame:
    """Return the document's corridors as schematic lines through their waypoints.

    Columns ``id``, ``name``, ``name_en``, ``kind``, ``labels`` (the text's names of the
    stops), ``coords`` (lon/lat of each distinct consecutive stop's label point),
    ``industries``, ``note`` (and ``note_en``), ``section``, ``quote``, ``stops`` (the
    gazetteer place each label stands for).
    """
    return _record_table(rules, "corridors", _corridor_row, CORRIDOR_COLUMNS, document=document,
                         industries=industries)  # fmt: skip


def _corridor_row(corridor: Corridor) -> tuple[object, ...]:
    coords = tuple(_distinct_stops(corridor))
    return (
        corridor.id, corridor.name, corridor.name_en, corridor.kind,
        tuple(stop.label for stop in corridor.waypoints), coords, tuple(corridor.industries),
        corridor.note or "", corridor.note_en or "", corridor.source.section,
        corridor.source.quote, tuple(stop.place for stop in corridor.waypoints),
    )  # fmt: skip


def _distinct_stops(corridor: Corridor) -> Iterator[tuple[float, float]]:
    last = None
    for stop in corridor.waypoints:
        info = find_place(stop.place)
        point = (info.label_lon, info.label_lat)
        if point != last:
            yield point
        last = point
