"""Comparing industry footprints: who holds which role, where industries overlap, what changed.

Pure functions of the loaded :class:`layout_rules.Rules` (and, for areas and maps, of
:mod:`geodata` boundaries): the city × industry matrix of a document, 2–4 cities side by side,
the overlap between industries (Jaccard), each footprint's area in km², similar cities, and
the change between the 2016–2020 plan and a later document through the editorial crosswalk.
Exports to CSV, XLSX and GeoJSON. No Streamlit here: ``ui/compare.py`` shows these.

>>> from layout_rules import load_rules
>>> tier_matrix(load_rules()).shape
(21, 8)
"""

from __future__ import annotations

from footprints._errors import FootprintsError
from footprints.areas import (
    AREA_COLUMNS,
    footprint_areas,
    prefecture_areas,
    shipped_prefecture_areas,
)
from footprints.changes import (
    CHANGE_COLUMNS,
    CHANGES_NOTE,
    change_matrix,
    city_changes,
    document_changes,
    document_scope,
)
from footprints.cities import (
    MAX_CITIES,
    MIN_CITIES,
    ROLE_SET_COLUMNS,
    SIMILAR_COLUMNS,
    SIMILARITY_NOTE,
    shared_and_unique_roles,
    side_by_side,
    similar_cities,
)
from footprints.download import for_download, geojson_for_download, long_form
from footprints.export import to_csv_bytes, to_geojson_bytes, to_xlsx_bytes, with_geometry
from footprints.matrix import (
    FOOTPRINT_COLUMNS,
    SOURCE_COLUMNS,
    TOTAL_COLUMNS,
    cell_sources,
    footprint_table,
    matrix_of,
    matrix_totals,
    sort_cities,
    sort_industries,
    tier_matrix,
)
from footprints.overlap import PAIR_COLUMNS, footprint_sets, industry_overlap, overlap_pairs
from footprints.shapes import chart_shapes
from layout_rules.vocab import DESIGNATED, ROLE_WEIGHT, STATUSES, status_label

__all__ = [
    "AREA_COLUMNS",
    "CHANGES_NOTE",
    "CHANGE_COLUMNS",
    "DESIGNATED",
    "FOOTPRINT_COLUMNS",
    "MAX_CITIES",
    "MIN_CITIES",
    "PAIR_COLUMNS",
    "ROLE_SET_COLUMNS",
    "ROLE_WEIGHT",
    "SIMILARITY_NOTE",
    "SIMILAR_COLUMNS",
    "SOURCE_COLUMNS",
    "STATUSES",
    "TOTAL_COLUMNS",
    "FootprintsError",
    "cell_sources",
    "change_matrix",
    "chart_shapes",
    "city_changes",
    "document_changes",
    "document_scope",
    "footprint_areas",
    "footprint_sets",
    "footprint_table",
    "for_download",
    "geojson_for_download",
    "industry_overlap",
    "long_form",
    "matrix_of",
    "matrix_totals",
    "overlap_pairs",
    "prefecture_areas",
    "shared_and_unique_roles",
    "shipped_prefecture_areas",
    "side_by_side",
    "similar_cities",
    "sort_cities",
    "sort_industries",
    "status_label",
    "tier_matrix",
    "to_csv_bytes",
    "to_geojson_bytes",
    "to_xlsx_bytes",
    "with_geometry",
]
